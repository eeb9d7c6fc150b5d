//! Writes sent together: a [`Batch`] of [`Stmt`]s that a write transaction runs in one round
//! trip to a PostgreSQL server.
//!
//! A fleet's kiosks talk to their server over the network, and sqlx sends one statement per
//! round trip (no pipelining). The inserts and updates a flow makes after its last read
//! (audit rows, a code and its email, a handle, a session) need no answer but an id, so the
//! flow's [`crate::unit_of_work::UnitOfWork`] defers them and sends them at once: on
//! PostgreSQL as ONE statement of data-modifying CTEs (`WITH s0 AS (INSERT …), s1 AS (UPDATE …)
//! SELECT …`), on SQLite (no round trips to save, and no data-modifying CTEs) one after the
//! other, in order, on the same connection.
//!
//! Rules for what goes in one batch (checked by the suites, which run on both backends):
//! - each statement is an `INSERT`, `UPDATE` or `DELETE` written in the SQL both backends
//!   accept, with `$1…$n` placeholders, optionally ending in `RETURNING id`;
//! - no statement depends on another's effect except through [`Value::IdOf`] (the id an
//!   earlier statement of the batch returned): PostgreSQL runs all of them on one snapshot,
//!   so an `UPDATE` does not see a row inserted by the same batch (which is also what running
//!   them in order gives when, as the flows do, the update comes first);
//! - no two statements touch the same row.

use sqlx::Row;

use crate::store::{Backend, Conn, Error};

/// A bound value of a [`Stmt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    /// The id returned (`RETURNING id`) by an earlier statement of the same batch.
    IdOf(Deferred),
}

/// A statement of a batch, by its place in it (see [`Batch::push`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deferred(usize);

impl Deferred {
    /// Its place in the batch, which is also where [`Batch::run`] puts its id.
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

/// An id a statement refers to: known, or returned by an earlier statement of its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdRef {
    Known(i64),
    Deferred(Deferred),
}

impl From<Deferred> for IdRef {
    fn from(d: Deferred) -> IdRef {
        IdRef::Deferred(d)
    }
}

/// One write statement and its values, `$1` being `args[0]`.
#[derive(Debug, Clone)]
#[must_use = "run the statement or defer it"]
pub(crate) struct Stmt {
    sql: &'static str,
    args: Vec<Value>,
}

impl Stmt {
    pub(crate) fn new(sql: &'static str) -> Stmt {
        Stmt { sql, args: Vec::new() }
    }

    pub(crate) fn int(mut self, value: impl Into<Option<i64>>) -> Stmt {
        self.args.push(Value::Int(value.into()));
        self
    }

    pub(crate) fn text(mut self, value: Option<&str>) -> Stmt {
        self.args.push(Value::Text(value.map(str::to_owned)));
        self
    }

    pub(crate) fn str(self, value: &str) -> Stmt {
        self.text(Some(value))
    }

    pub(crate) fn bytes(mut self, value: Option<&[u8]>) -> Stmt {
        self.args.push(Value::Bytes(value.map(<[u8]>::to_vec)));
        self
    }

    /// The id an earlier statement of the batch this one goes into returned.
    pub(crate) fn id_of(mut self, earlier: Deferred) -> Stmt {
        self.args.push(Value::IdOf(earlier));
        self
    }

    /// An id, known or deferred (see [`IdRef`]); `None` binds NULL.
    pub(crate) fn id(self, id: Option<IdRef>) -> Stmt {
        match id {
            Some(IdRef::Deferred(earlier)) => self.id_of(earlier),
            Some(IdRef::Known(id)) => self.int(id),
            None => self.int(None),
        }
    }

    fn returns_id(&self) -> bool {
        const SUFFIX: &str = "RETURNING ID";
        let sql = self.sql.trim_end().as_bytes();
        sql.len() >= SUFFIX.len() && sql[sql.len() - SUFFIX.len()..].eq_ignore_ascii_case(SUFFIX.as_bytes())
    }

    fn bound<'q>(
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
        value: &Value,
        ids: &[Option<i64>],
    ) -> Result<sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>, Error> {
        Ok(match value {
            Value::Int(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
            Value::Bytes(v) => query.bind(v.clone()),
            Value::IdOf(Deferred(k)) => query.bind(ids.get(*k).copied().flatten().ok_or_else(|| {
                Error::Protocol(format!(
                    "batched statement refers to statement {k}, which returned no id"
                ))
            })?),
        })
    }

    /// Runs this statement alone; returns the id it returned, if it ends in `RETURNING id`.
    pub(crate) async fn run(self, conn: &mut Conn) -> Result<Option<i64>, Error> {
        self.run_after(conn, &[]).await
    }

    async fn run_after(self, conn: &mut Conn, ids: &[Option<i64>]) -> Result<Option<i64>, Error> {
        let mut query = sqlx::query(self.sql);
        for value in &self.args {
            query = Stmt::bound(query, value, ids)?;
        }
        if self.returns_id() {
            let row = query.fetch_optional(conn).await?;
            row.map(|row| row.try_get::<i64, _>(0)).transpose()
        } else {
            query.execute(conn).await?;
            Ok(None)
        }
    }
}

/// Statements to run together, in order (see the module's rules).
#[derive(Debug, Default)]
pub(crate) struct Batch {
    stmts: Vec<Stmt>,
}

impl Batch {
    pub(crate) fn is_empty(&self) -> bool {
        self.stmts.is_empty()
    }

    /// Adds `stmt`; its [`Value::IdOf`] may only name statements already in this batch.
    pub(crate) fn push(&mut self, stmt: Stmt) -> Deferred {
        self.stmts.push(stmt);
        Deferred(self.stmts.len() - 1)
    }

    /// Runs the batch on `conn` (inside the caller's transaction) and empties it; returns
    /// each statement's id (`None` for one without `RETURNING id`, or that returned no row).
    pub(crate) async fn run(&mut self, conn: &mut Conn) -> Result<Vec<Option<i64>>, Error> {
        let stmts = std::mem::take(&mut self.stmts);
        for (index, stmt) in stmts.iter().enumerate() {
            for value in &stmt.args {
                if let Value::IdOf(Deferred(k)) = value
                    && (*k >= index || !stmts[*k].returns_id())
                {
                    return Err(Error::Protocol(format!(
                        "batched statement {index} refers to statement {k}, which does not return an id before it"
                    )));
                }
            }
        }
        match (Backend::of_conn(conn), stmts.len()) {
            (_, 0) => Ok(Vec::new()),
            (Backend::Postgres, n) if n > 1 => run_as_one(conn, &stmts).await,
            _ => {
                let mut ids = Vec::with_capacity(stmts.len());
                for stmt in stmts {
                    let id = stmt.run_after(conn, &ids).await?;
                    ids.push(id);
                }
                Ok(ids)
            }
        }
    }
}

/// PostgreSQL: the statements as one `WITH s0 AS (…), s1 AS (…) SELECT (SELECT id FROM s0), …`.
async fn run_as_one(conn: &mut Conn, stmts: &[Stmt]) -> Result<Vec<Option<i64>>, Error> {
    let (sql, values) = combined(stmts);
    // Only the statements' own (static) texts and generated names go into `sql`; every value
    // is bound.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in &values {
        query = Stmt::bound(query, value, &[])?;
    }
    let row = query.fetch_one(conn).await?;
    stmts
        .iter()
        .enumerate()
        .map(|(k, stmt)| match stmt.returns_id() {
            true => row.try_get::<Option<i64>, _>(k),
            false => Ok(None),
        })
        .collect()
}

/// The combined statement's text and its bound values (placeholders renumbered in order;
/// a [`Value::IdOf`] becomes `(SELECT id FROM sK)` in the text instead of a value).
fn combined(stmts: &[Stmt]) -> (String, Vec<Value>) {
    let mut sql = String::from("WITH ");
    let mut values = Vec::new();
    for (k, stmt) in stmts.iter().enumerate() {
        if k > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("s{k} AS ("));
        // Local placeholder `$i` → global text.
        let mut local = Vec::with_capacity(stmt.args.len());
        for value in &stmt.args {
            match value {
                Value::IdOf(Deferred(j)) => local.push(format!("(SELECT id FROM s{j})")),
                other => {
                    values.push(other.clone());
                    local.push(format!("${}", values.len()));
                }
            }
        }
        sql.push_str(&renumbered(stmt.sql, &local));
        sql.push(')');
    }
    // One column per statement (NULL for those without an id), so column k is statement k.
    let columns: Vec<String> = stmts
        .iter()
        .enumerate()
        .map(|(k, stmt)| match stmt.returns_id() {
            true => format!("(SELECT id FROM s{k})"),
            false => "CAST(NULL AS BIGINT)".to_owned(),
        })
        .collect();
    sql.push_str(" SELECT ");
    sql.push_str(&columns.join(", "));
    (sql, values)
}

/// `sql` with each `$i` replaced by `local[i - 1]`.
fn renumbered(sql: &str, local: &[String]) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut end = at + 1;
        while let Some(&(i, d)) = chars.peek() {
            if !d.is_ascii_digit() {
                break;
            }
            end = i + 1;
            chars.next();
        }
        match sql[at + 1..end].parse::<usize>() {
            Ok(i) if (1..=local.len()).contains(&i) => out.push_str(&local[i - 1]),
            _ => out.push_str(&sql[at..end]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_across_statements_and_ids_become_subqueries() {
        let outbox = Stmt::new("INSERT INTO outbox (recipient, created_at) VALUES ($1, $2) RETURNING id")
            .str("a@example.com")
            .int(7);
        let mut batch = Batch::default();
        let first = batch.push(outbox);
        batch.push(
            Stmt::new("INSERT INTO one_time_codes (account_id, outbox_id, created_at) VALUES ($1, $2, $1)")
                .int(12)
                .id_of(first),
        );
        batch.push(Stmt::new("DELETE FROM t WHERE b = $1 OR c = $2").int(3).text(None));
        let (sql, values) = combined(&batch.stmts);
        assert_eq!(
            sql,
            "WITH s0 AS (INSERT INTO outbox (recipient, created_at) VALUES ($1, $2) RETURNING id), \
             s1 AS (INSERT INTO one_time_codes (account_id, outbox_id, created_at) VALUES ($3, (SELECT id FROM s0), $3)), \
             s2 AS (DELETE FROM t WHERE b = $4 OR c = $5) \
             SELECT (SELECT id FROM s0), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)"
        );
        assert_eq!(
            values,
            vec![
                Value::Text(Some("a@example.com".into())),
                Value::Int(Some(7)),
                Value::Int(Some(12)),
                Value::Int(Some(3)),
                Value::Text(None),
            ]
        );
    }

    #[test]
    fn only_statements_ending_in_returning_id_return_one() {
        assert!(Stmt::new("INSERT INTO x (a) VALUES ($1)\n RETURNING id ").returns_id());
        assert!(!Stmt::new("INSERT INTO x (a) VALUES ($1)").returns_id());
        assert!(!Stmt::new("DELETE FROM x WHERE id = $1").returns_id());
    }
}
