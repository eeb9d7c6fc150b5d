//! QA mode's staged mail faults and its view of the outbox (issue 15), in dev-mailbox mode:
//! the fault decides before any transport does.

use latchkey_core::mail::{DeliveryStatus, MailFault, MailSettings, inspect};

use crate::helpers::*;

#[tokio::test]
async fn refuse_next_fails_only_the_next_message_with_a_5xx_reason() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    delivery.inject_fault(Some(MailFault::RefuseNext));
    let refused = app.enqueue_code("ada@example.com").await;
    let status = app
        .wait_status(refused, |s| matches!(s, DeliveryStatus::Failed { .. }))
        .await;
    let DeliveryStatus::Failed { reason, .. } = status else {
        unreachable!()
    };
    assert!(reason.starts_with("550"), "{reason}");
    assert_eq!(delivery.fault(), None, "a one-shot fault is used up");
    let next = app.enqueue_code("ada@example.com").await;
    app.wait_status(next, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
        .await;
    delivery.shutdown().await;
}

#[tokio::test]
async fn delay_next_keeps_the_message_queued_then_it_goes_out_on_retry() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    delivery.inject_fault(Some(MailFault::DelayNext));
    let id = app.enqueue_code("ada@example.com").await;
    let queued = app
        .wait_status(id, |s| matches!(s, DeliveryStatus::Queued { attempts: 1, .. }))
        .await;
    let DeliveryStatus::Queued { last_error, .. } = queued else {
        unreachable!()
    };
    assert!(last_error.unwrap().starts_with("451"));
    app.wait_status(id, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
        .await;
    delivery.shutdown().await;
}

#[tokio::test]
async fn hold_offline_holds_every_message_until_cleared() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    delivery.inject_fault(Some(MailFault::HoldOffline));
    let first = app.enqueue_code("ada@example.com").await;
    let second = app.enqueue_code("bob@example.com").await;
    for id in [first, second] {
        app.wait_status(id, |s| matches!(s, DeliveryStatus::Queued { attempts: 1.., .. }))
            .await;
    }
    assert_eq!(delivery.fault(), Some(MailFault::HoldOffline), "a hold stays");
    delivery.inject_fault(None);
    inspect::retry_queued_now(app.db.pool(), app.clock.now()).await.unwrap();
    for id in [first, second] {
        app.wait_status(id, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
            .await;
    }
    delivery.shutdown().await;
}

#[tokio::test]
async fn the_tester_finds_the_latest_code_searches_and_keeps_the_newest() {
    let app = TestApp::new().await;
    let delivery = app.deliver(MailSettings::dev_mailbox());
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(app.enqueue_code("ada@example.com").await);
    }
    let bob = app.enqueue_code("bob@example.com").await;
    for id in ids.iter().chain([&bob]) {
        app.wait_status(*id, |s| matches!(s, DeliveryStatus::DeliveredLocally { .. }))
            .await;
    }
    let mut conn = app.db.pool().acquire().await.unwrap();
    let latest = inspect::latest_to(&mut conn, "ADA@example.com").await.unwrap().unwrap();
    assert_eq!(latest.id, *ids.last().unwrap());
    let from = MailSettings::dev_mailbox().from;
    let opened = inspect::open(&mut conn, &app.key, &from, latest.id).await.unwrap();
    assert_eq!(inspect::code_in(&opened.text, 6).as_deref(), Some(CODE));
    assert!(
        opened.raw.contains("Subject:") && opened.raw.contains("To: ada@example.com"),
        "{}",
        opened.raw
    );
    assert_eq!(inspect::search(&mut conn, "bob@", 50).await.unwrap().len(), 1);
    assert_eq!(
        inspect::search(&mut conn, "%", 50).await.unwrap().len(),
        0,
        "LIKE wildcards are literal"
    );
    assert_eq!(inspect::search(&mut conn, "", 50).await.unwrap().len(), 5);
    assert_eq!(inspect::keep_newest(&mut conn, 2).await.unwrap(), 3);
    let left: Vec<_> = inspect::search(&mut conn, "", 50)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(left, [bob, ids[3]]);
    assert!(
        inspect::latest_to(&mut conn, "nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );
    drop(conn);
    delivery.shutdown().await;
}
