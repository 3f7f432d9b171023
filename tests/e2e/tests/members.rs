//! 会员, end to end on the real app.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Duration;

use shequn_e2e::{Result, Sandbox, Session};

/// Picks a member in the counter box by the last 4 digits and records an amount.
async fn record_at_counter(app: &Session, phone: &str, amount: &str, tier: &str) -> Result<()> {
    app.type_into("counter-search", &phone[7..]).await?;
    app.click(&format!("counter-option-{phone}")).await?;
    app.type_into("counter-amount", amount).await?;
    app.press_enter("counter-amount").await?;
    app.wait_for_text(&format!("消费已记录：现为{tier}"))
        .await?;
    // Let the toast go so the next one is a new one.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_counter_purchases_cross_into_bronze_and_the_list_shows_it() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let app = Session::launch(&sandbox, &[]).await?;
    app.click("nav-members").await?;
    app.click("open-add-member").await?;
    app.type_into("member-name", "张三").await?;
    // A stray click beside the dialog keeps it and what was typed.
    app.click_at(12.0, 300.0).await?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(app.value_of("member-name").await?, "张三");
    app.type_into("member-phone", "138 1234 5678").await?;
    app.click("save-member").await?;
    app.wait_for_text("已添加会员：张三").await?;
    app.by_test_id("member-drawer").await?;
    app.close("drawer-close", "member-drawer").await?;

    record_at_counter(&app, "13812345678", "3000", "普通").await?;
    record_at_counter(&app, "13812345678", "2000", "铜牌").await?;
    let tier = app
        .text_at("//*[@data-testid='member-row-13812345678']//*[@data-testid='tier-tag']")
        .await?;
    assert_eq!(tier, "铜牌");
    app.screenshot("members-bronze").await;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_imported_through_the_wizard_is_found_by_pinyin_initials() -> Result<()> {
    let sandbox = Sandbox::new()?;
    // What Excel on Chinese Windows saves: GBK, CRLF.
    let csv = sandbox.path("会员名单.csv");
    let text = "客户名称,手机号码,生日,累计消费\r\n李思思,13987654321,05-20,1200\r\n王大锤,13700001111,,\r\n错行,12345,,\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&csv, bytes).unwrap();

    let app = Session::launch(&sandbox, &[("SHEQUN_TEST_PICK_FILE", &csv)]).await?;
    app.click("nav-members").await?;
    app.click("open-import").await?;
    app.click("import-choose").await?;
    app.click("import-run").await?;
    let result = app.text_of("import-result").await?;
    assert!(result.contains("已导入 2 位新会员"), "{result}");
    let errors = app.text_of("import-errors").await?;
    assert!(errors.contains('4') && errors.contains("11 位"), "{errors}");
    app.screenshot("members-import-report").await;
    app.click("import-close").await?;

    app.type_into("member-search", "lss").await?;
    app.press_enter("member-search").await?;
    let row = app
        .text_at("//*[@data-testid='member-row-13987654321']")
        .await?;
    assert!(row.contains("李思思"), "{row}");
    app.screenshot("members-found-by-pinyin").await;
    app.quit().await?;
    Ok(())
}
