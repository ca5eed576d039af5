namespace App.Tests.Unit.Schema;

/// <summary>
/// Identity schemas shaped like the ones Kratos operators write (its presets and documentation
/// examples), rewritten for these tests.
/// </summary>
internal static class SchemaExamples
{
    /// <summary>The classic email + password preset: the email is the login identifier and the address for everything.</summary>
    public const string EmailPassword = """
    {
      "$id": "https://example.test/presets/email-password.schema.json",
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": "Person",
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "email": {
              "type": "string",
              "format": "email",
              "title": "E-Mail",
              "minLength": 3,
              "ory.sh/kratos": {
                "credentials": { "password": { "identifier": true } },
                "verification": { "via": "email" },
                "recovery": { "via": "email" }
              }
            }
          },
          "required": ["email"],
          "additionalProperties": false
        }
      }
    }
    """;

    /// <summary>A username login with length and character rules, plus an optional contact email.</summary>
    public const string Username = """
    {
      "$id": "https://example.test/username.schema.json",
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "username": {
              "type": "string",
              "title": "Username",
              "minLength": 3,
              "maxLength": 12,
              "pattern": "^[a-z0-9_]+$",
              "ory.sh/kratos": {
                "credentials": {
                  "password": { "identifier": true },
                  "webauthn": { "identifier": true },
                  "totp": { "account_name": true }
                }
              }
            },
            "contact": {
              "type": "string",
              "title": "Contact address",
              "ory.sh/kratos": { "recovery": { "via": "email" } }
            }
          },
          "required": ["username"]
        }
      }
    }
    """;

    /// <summary>A nested name object whose first name is required once the object is given, and an enum.</summary>
    public const string NestedWithEnum = """
    {
      "$id": "https://example.test/nested.schema.json",
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "email": {
              "type": "string",
              "format": "email",
              "ory.sh/kratos": {
                "credentials": { "passkey": { "display_name": true }, "code": { "identifier": true, "via": "email" } }
              }
            },
            "name": {
              "type": "object",
              "properties": {
                "first": { "type": "string", "title": "First name", "maxLength": 5 },
                "last": { "type": "string", "title": "Last name" }
              },
              "required": ["first"],
              "additionalProperties": false
            },
            "plan": { "type": "string", "title": "Plan", "enum": ["free", "pro", "team"] },
            "role": { "type": "string", "enum": ["member"] }
          },
          "required": ["email", "name"],
          "additionalProperties": false
        }
      }
    }
    """;

    /// <summary>A phone number used for SMS codes, verification and recovery.</summary>
    public const string Phone = """
    {
      "$id": "https://example.test/phone.schema.json",
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "phone": {
              "type": "string",
              "format": "tel",
              "title": "Phone number",
              "ory.sh/kratos": {
                "credentials": { "code": { "identifier": true, "via": "sms" } },
                "verification": { "via": "sms" },
                "recovery": { "via": "sms" }
              }
            }
          },
          "required": ["phone"]
        }
      }
    }
    """;

    /// <summary>Numbers, booleans and arrays, which Kratos schemas use for profile data.</summary>
    public const string Profile = """
    {
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "age": { "type": "integer", "minimum": 13, "maximum": 130 },
            "score": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "multipleOf": 0.5 },
            "newsletter": { "type": "boolean", "title": "Send me news" },
            "nickname": { "type": ["string", "null"], "maxLength": 3 },
            "tags": {
              "type": "array",
              "minItems": 1,
              "maxItems": 3,
              "uniqueItems": true,
              "items": { "type": "string", "minLength": 2 }
            },
            "emails": { "type": "array", "items": { "type": "string", "format": "email" } }
          }
        }
      }
    }
    """;

    /// <summary>Wraps a traits schema body ("properties" etc.) in the identity-schema envelope.</summary>
    public static string WithTraits(string traitsSchema) =>
        $$"""{ "$id": "https://example.test/t.json", "type": "object", "properties": { "traits": {{traitsSchema}} } }""";
}
