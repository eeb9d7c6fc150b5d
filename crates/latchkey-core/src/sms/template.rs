//! The gateway's request body: a form (`a=b&c=d`) or JSON template whose values hold `{to}`,
//! `{code}` and `{text}`. The template is parsed once; each value is filled in its decoded form
//! and the body is encoded again by `form_urlencoded` or `serde_json`, so whatever a value
//! holds (quotes, `&`, `=`, newlines, non-ASCII) is escaped correctly.

use crate::config::ConfigError;

/// The body's encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded` (Twilio, Vonage, most providers).
    #[default]
    Form,
    /// `application/json`.
    Json,
}

impl BodyFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            BodyFormat::Form => "application/x-www-form-urlencoded",
            BodyFormat::Json => "application/json",
        }
    }
}

/// A parsed body template.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyTemplate {
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

/// The values a template is filled with.
#[derive(Debug, Clone, Copy)]
pub struct SmsValues<'a> {
    pub to: &'a str,
    pub code: &'a str,
    pub text: &'a str,
}

const PLACEHOLDERS: [&str; 3] = ["{to}", "{code}", "{text}"];

fn invalid(problem: String) -> ConfigError {
    ConfigError::Invalid {
        setting: "sms.body_template",
        problem,
    }
}

/// Replaces the placeholders in one pass (text already inserted is never searched again, so a
/// text containing `{code}` stays as it is).
fn fill(template: &str, values: &SmsValues<'_>) -> String {
    let mut out = String::with_capacity(template.len() + values.text.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let hit = [("{to}", values.to), ("{code}", values.code), ("{text}", values.text)]
            .into_iter()
            .find(|(name, _)| tail.starts_with(name));
        match hit {
            Some((name, value)) => {
                out.push_str(value);
                rest = &tail[name.len()..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn json_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

fn fill_json(value: &serde_json::Value, values: &SmsValues<'_>) -> serde_json::Value {
    match value {
        serde_json::Value::String(s) => serde_json::Value::String(fill(s, values)),
        serde_json::Value::Array(items) => items.iter().map(|v| fill_json(v, values)).collect(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), fill_json(v, values)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other.clone(),
    }
}

impl BodyTemplate {
    /// Parses `template` as `format`; refuses one that does not parse or whose values use
    /// neither `{code}` nor `{text}`.
    pub fn parse(format: BodyFormat, template: &str) -> Result<BodyTemplate, ConfigError> {
        let parsed = match format {
            BodyFormat::Form => {
                let pairs: Vec<(String, String)> = form_urlencoded::parse(template.trim().as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                if pairs.iter().any(|(k, _)| k.is_empty()) {
                    return Err(invalid(
                        "is not a form body: write name=value pairs joined by &, e.g. To={to}&Body={text}".to_owned(),
                    ));
                }
                BodyTemplate::Form(pairs)
            }
            BodyFormat::Json => {
                let value: serde_json::Value = serde_json::from_str(template).map_err(|e| {
                    invalid(format!(
                        "is not valid JSON ({e}); put placeholders inside strings: {{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}}"
                    ))
                })?;
                if !value.is_object() {
                    return Err(invalid("must be a JSON object".to_owned()));
                }
                BodyTemplate::Json(value)
            }
        };
        let mut strings = Vec::new();
        match &parsed {
            BodyTemplate::Form(pairs) => strings.extend(pairs.iter().map(|(_, v)| v.as_str())),
            BodyTemplate::Json(value) => json_strings(value, &mut strings),
        }
        let uses = |p: &str| strings.iter().any(|s| s.contains(p));
        if !uses("{code}") && !uses("{text}") {
            return Err(invalid(format!(
                "must use {{code}} or {{text}} in a value (placeholders: {}), or the texts would carry no code",
                PLACEHOLDERS.join(", ")
            )));
        }
        Ok(parsed)
    }

    /// The filled, encoded body.
    pub fn render(&self, values: &SmsValues<'_>) -> Vec<u8> {
        match self {
            BodyTemplate::Form(pairs) => {
                let mut body = form_urlencoded::Serializer::new(String::new());
                for (name, value) in pairs {
                    body.append_pair(name, &fill(value, values));
                }
                body.finish().into_bytes()
            }
            BodyTemplate::Json(value) => {
                serde_json::to_vec(&fill_json(value, values)).expect("a JSON value serialises")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: SmsValues<'static> = SmsValues {
        to: "+14155552671",
        code: "123456",
        text: "Say \"hi\" & {code} = 1\nnext",
    };

    #[test]
    fn form_values_are_url_encoded_after_filling() {
        let t = BodyTemplate::parse(BodyFormat::Form, "To={to}&From=%2B15005550006&Body={text}").unwrap();
        let body = String::from_utf8(t.render(&V)).unwrap();
        assert_eq!(
            body,
            "To=%2B14155552671&From=%2B15005550006&Body=Say+%22hi%22+%26+%7Bcode%7D+%3D+1%0Anext"
        );
        let back: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!(back[2].1, V.text);
    }

    #[test]
    fn json_values_are_escaped_by_serde_json() {
        let t = BodyTemplate::parse(
            BodyFormat::Json,
            r#"{"to": "{to}", "msg": {"body": "{text}", "otp": "{code}"}, "n": 1}"#,
        )
        .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&t.render(&V)).unwrap();
        assert_eq!(body["to"], "+14155552671");
        assert_eq!(body["msg"]["body"], V.text);
        assert_eq!(body["msg"]["otp"], "123456");
        assert_eq!(body["n"], 1);
    }

    #[test]
    fn templates_without_code_or_text_or_that_do_not_parse_are_refused() {
        for (format, template) in [
            (BodyFormat::Form, "To={to}&Body=hello"),
            (BodyFormat::Form, ""),
            (BodyFormat::Json, r#"{"to": "{to}"}"#),
            (BodyFormat::Json, r#"{"to": {to}, "text": {text}}"#),
            (BodyFormat::Json, r#"["{text}"]"#),
            (BodyFormat::Form, "={text}"),
        ] {
            let err = BodyTemplate::parse(format, template).unwrap_err();
            assert!(
                matches!(
                    err,
                    ConfigError::Invalid {
                        setting: "sms.body_template",
                        ..
                    }
                ),
                "{template}: {err}"
            );
        }
        let err = BodyTemplate::parse(BodyFormat::Form, "To={to}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("{code}") && err.contains("{text}"), "{err}");
    }
}
