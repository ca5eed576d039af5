PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261122040914_Initial','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261122090823_EmailSignIn','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261128022710_SessionRestriction','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261128025626_IdentityLocale','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261128032635_FlowErrorsAndSweeps','10.0.15');
CREATE TABLE IF NOT EXISTS "audit_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_audit_events" PRIMARY KEY,
    "at" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "identity_id" TEXT NULL,
    "session_id" TEXT NULL,
    "flow_id" TEXT NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL,
    "details" TEXT NULL
);
INSERT INTO audit_events VALUES('01A231D2-B015-7F2C-B9EC-F5610B25AF91','2026-12-01 13:37:00.949548','registration.succeeded','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE','01A231D2-AFE9-789A-A456-BB4382D4A164','4E6714CD-B7D8-4026-BE8B-F8D8F53C0185',NULL,NULL,'{"method":"passkey"}');
INSERT INTO audit_events VALUES('01A231D2-B111-74B3-A592-5BFE03973565','2026-12-01 13:37:01.2014032','registration.succeeded','01A231D2-B110-78FF-8265-CE5CA6A51B9A','01A231D2-B111-7DBE-8F42-4DD47DC801CC','5EA2C597-D3EB-4F99-A71E-EA81485A4B2F',NULL,NULL,'{"method":"passkey"}');
INSERT INTO audit_events VALUES('01A231D2-B15A-7E61-8A16-1B670935D9F9','2026-12-01 13:37:01.2741029','login.succeeded','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE','01A231D2-B159-7ACE-9509-A4757D9D37CC','DAF0EA66-03B3-4FF9-A3D3-A72B1D6F2718',NULL,NULL,'{"method":"passkey"}');
CREATE TABLE IF NOT EXISTS "identities" (
    "id" TEXT NOT NULL CONSTRAINT "pk_identities" PRIMARY KEY,
    "schema_id" TEXT NOT NULL,
    "traits" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "metadata_public" TEXT NULL,
    "metadata_admin" TEXT NULL,
    "passkey_user_handle" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "state_changed_at" TEXT NOT NULL
, "locale" TEXT NULL);
INSERT INTO identities VALUES('01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE','default','{"email":"alice@example.com"}','active',NULL,NULL,'vZkiUmdWZfTX27oPDMOvU2O2fvzqWXrdVjSEKYSGdYndYxJuDy2wcCunbccXPdHb','2026-12-01 13:37:00.8352997','2026-12-01 13:37:00.8352997','2026-12-01 13:37:00.8352997','en');
INSERT INTO identities VALUES('01A231D2-B110-78FF-8265-CE5CA6A51B9A','default','{"email":"bob@example.com"}','active',NULL,NULL,'rrK770VUzSPrq1Y3vbgCvDzAXE8q0r6zVeiy6sQslmCWhjy6ZTLipbXi51rPPHYa','2026-12-01 13:37:01.2000119','2026-12-01 13:37:01.2000119','2026-12-01 13:37:01.2000119','en');
CREATE TABLE IF NOT EXISTS "selfservice_flows" (
    "id" TEXT NOT NULL CONSTRAINT "pk_selfservice_flows" PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "request_url" TEXT NOT NULL,
    "return_to" TEXT NULL,
    "issued_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "active" TEXT NULL,
    "requested_aal" TEXT NOT NULL,
    "refresh" INTEGER NOT NULL,
    "csrf_hash" BLOB NULL,
    "ui" TEXT NOT NULL,
    "ceremony_state" TEXT NULL,
    "ceremony_nonce" TEXT NULL,
    "ceremony_expires_at" TEXT NULL,
    "identity_id" TEXT NULL
, "submit_count" INTEGER NOT NULL DEFAULT 0);
INSERT INTO selfservice_flows VALUES('4E6714CD-B7D8-4026-BE8B-F8D8F53C0185','registration','browser','passed_challenge','http://localhost:4455/self-service/registration/browser',NULL,'2026-12-01 13:36:59.9596308','2026-12-01 14:36:59.9596308','2026-12-01 13:36:59.9596308','2026-12-01 13:37:00.9050689','passkey','aal1',0,X'f8fe119c0903588cddae81ec00bdff8a1d1f654b80f53f0ce4346461e8a7aaf2','{"action":"http://localhost:4455/self-service/registration?flow=4e6714cd-b7d8-4026-be8b-f8d8f53c0185","method":"POST","nodes":[{"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"default","attributes":{"name":"traits.email","type":"email","value":"alice@example.com","required":true,"autocomplete":"email","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Email","type":"info","context":{"title":"Email","name":"traits.email"}}}},{"type":"input","group":"default","attributes":{"name":"traits.name.first","type":"text","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"First name","type":"info","context":{"title":"First name","name":"traits.name.first"}}}},{"type":"input","group":"default","attributes":{"name":"traits.name.last","type":"text","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Last name","type":"info","context":{"title":"Last name","name":"traits.name.last"}}}},{"type":"input","group":"passkey","attributes":{"name":"passkey_create_data","type":"hidden","value":"{\"credentialOptions\":{\"publicKey\":{\"rp\":{\"name\":\"Identity\",\"id\":\"localhost\"},\"user\":{\"id\":\"dlpraVVtZFdaZlRYMjdvUERNT3ZVMk8yZnZ6cVdYcmRWalNFS1lTR2RZbmRZeEp1RHkyd2NDdW5iY2NYUGRIYg\",\"name\":\"\",\"displayName\":\"\"},\"challenge\":\"8Rz6BHNOa86WqN0hGS0o1XNsUkSNkSw2BhqK-YxWf3I\",\"pubKeyCredParams\":[{\"type\":\"public-key\",\"alg\":-7},{\"type\":\"public-key\",\"alg\":-37},{\"type\":\"public-key\",\"alg\":-35},{\"type\":\"public-key\",\"alg\":-38},{\"type\":\"public-key\",\"alg\":-39},{\"type\":\"public-key\",\"alg\":-257},{\"type\":\"public-key\",\"alg\":-36},{\"type\":\"public-key\",\"alg\":-258},{\"type\":\"public-key\",\"alg\":-259}],\"timeout\":300000,\"authenticatorSelection\":{\"residentKey\":\"required\",\"requireResidentKey\":true,\"userVerification\":\"required\"},\"attestationFormats\":[],\"extensions\":{\"credProps\":true}}},\"displayNameFieldName\":\"traits.email\"}","disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_register_trigger","type":"button","disabled":false,"onclick":"window.oryPasskeyRegistration()","onclickTrigger":"oryPasskeyRegistration","node_type":"input"},"messages":[],"meta":{"label":{"id":1040007,"text":"Sign up with passkey","type":"info"}}},{"type":"script","group":"webauthn","attributes":{"type":"text/javascript","src":"http://localhost:4455/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous","integrity":"sha512-hjKs6tGIq4DzkPB7xP7MMt4Ht0oW8gM9QmqZjwB+Tflqg0kYYLS+LKRlLl/5LDA9wLEhzpXZPXKiuZ8PsL6Ojw==","id":"webauthn_script","node_type":"script"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_register","type":"hidden","disabled":false,"node_type":"input"},"messages":[],"meta":{}}]}',NULL,NULL,'2026-12-01 13:47:00.3820737','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE',0);
INSERT INTO selfservice_flows VALUES('5EA2C597-D3EB-4F99-A71E-EA81485A4B2F','registration','browser','passed_challenge','http://localhost:4455/self-service/registration/browser',NULL,'2026-12-01 13:37:01.1786708','2026-12-01 14:37:01.1786708','2026-12-01 13:37:01.1786708','2026-12-01 13:37:01.2010369','passkey','aal1',0,X'698e84ec98df7c572735ee9ffd47b29233a8a6f125e95806954317c910ed19a6','{"action":"http://localhost:4455/self-service/registration?flow=5ea2c597-d3eb-4f99-a71e-ea81485a4b2f","method":"POST","nodes":[{"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"default","attributes":{"name":"traits.email","type":"email","value":"bob@example.com","required":true,"autocomplete":"email","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Email","type":"info","context":{"title":"Email","name":"traits.email"}}}},{"type":"input","group":"default","attributes":{"name":"traits.name.first","type":"text","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"First name","type":"info","context":{"title":"First name","name":"traits.name.first"}}}},{"type":"input","group":"default","attributes":{"name":"traits.name.last","type":"text","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Last name","type":"info","context":{"title":"Last name","name":"traits.name.last"}}}},{"type":"input","group":"passkey","attributes":{"name":"passkey_create_data","type":"hidden","value":"{\"credentialOptions\":{\"publicKey\":{\"rp\":{\"name\":\"Identity\",\"id\":\"localhost\"},\"user\":{\"id\":\"cnJLNzcwVlV6U1BycTFZM3ZiZ0N2RHpBWEU4cTByNnpWZWl5NnNRc2xtQ1doank2WlRMaXBiWGk1MXJQUEhZYQ\",\"name\":\"\",\"displayName\":\"\"},\"challenge\":\"WAU_WNv28UjEbK6E1xJnqUigBjVf_OYxjq-SDHm3i6A\",\"pubKeyCredParams\":[{\"type\":\"public-key\",\"alg\":-7},{\"type\":\"public-key\",\"alg\":-37},{\"type\":\"public-key\",\"alg\":-35},{\"type\":\"public-key\",\"alg\":-38},{\"type\":\"public-key\",\"alg\":-39},{\"type\":\"public-key\",\"alg\":-257},{\"type\":\"public-key\",\"alg\":-36},{\"type\":\"public-key\",\"alg\":-258},{\"type\":\"public-key\",\"alg\":-259}],\"timeout\":300000,\"authenticatorSelection\":{\"residentKey\":\"required\",\"requireResidentKey\":true,\"userVerification\":\"required\"},\"attestationFormats\":[],\"extensions\":{\"credProps\":true}}},\"displayNameFieldName\":\"traits.email\"}","disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_register_trigger","type":"button","disabled":false,"onclick":"window.oryPasskeyRegistration()","onclickTrigger":"oryPasskeyRegistration","node_type":"input"},"messages":[],"meta":{"label":{"id":1040007,"text":"Sign up with passkey","type":"info"}}},{"type":"script","group":"webauthn","attributes":{"type":"text/javascript","src":"http://localhost:4455/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous","integrity":"sha512-hjKs6tGIq4DzkPB7xP7MMt4Ht0oW8gM9QmqZjwB+Tflqg0kYYLS+LKRlLl/5LDA9wLEhzpXZPXKiuZ8PsL6Ojw==","id":"webauthn_script","node_type":"script"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_register","type":"hidden","disabled":false,"node_type":"input"},"messages":[],"meta":{}}]}',NULL,NULL,'2026-12-01 13:47:01.1860059','01A231D2-B110-78FF-8265-CE5CA6A51B9A',0);
INSERT INTO selfservice_flows VALUES('DAF0EA66-03B3-4FF9-A3D3-A72B1D6F2718','login','browser','passed_challenge','http://localhost:4455/self-service/login/browser',NULL,'2026-12-01 13:37:01.2135998','2026-12-01 14:37:01.2135998','2026-12-01 13:37:01.2135998','2026-12-01 13:37:01.2732876','passkey','aal1',0,X'ce2bafe68b2866d352a45f06d99fbda8ab0d53437cd8cc72181b630bde2643e0','{"action":"http://localhost:4455/self-service/login?flow=daf0ea66-03b3-4ff9-a3d3-a72b1d6f2718","method":"POST","nodes":[{"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"default","attributes":{"name":"identifier","type":"text","value":"","required":true,"autocomplete":"username webauthn","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Email","type":"info","context":{"title":"Email","name":"identifier"}}}},{"type":"input","group":"passkey","attributes":{"name":"passkey_challenge","type":"hidden","value":"{\"publicKey\":{\"challenge\":\"mKgokt4C5sKOMeY3TCAB7_-1rpX-bkuafG0T5QWGwPQ\",\"timeout\":300000,\"rpId\":\"localhost\",\"userVerification\":\"required\"}}","disabled":false,"node_type":"input"},"messages":[],"meta":{}},{"type":"script","group":"webauthn","attributes":{"type":"text/javascript","src":"http://localhost:4455/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous","integrity":"sha512-hjKs6tGIq4DzkPB7xP7MMt4Ht0oW8gM9QmqZjwB+Tflqg0kYYLS+LKRlLl/5LDA9wLEhzpXZPXKiuZ8PsL6Ojw==","id":"webauthn_script","node_type":"script"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_login","type":"hidden","disabled":false,"onload":"window.oryPasskeyLoginAutocompleteInit()","onloadTrigger":"oryPasskeyLoginAutocompleteInit","node_type":"input"},"messages":[],"meta":{}},{"type":"input","group":"passkey","attributes":{"name":"passkey_login_trigger","type":"button","value":"","disabled":false,"onclick":"window.oryPasskeyLogin()","onclickTrigger":"oryPasskeyLogin","node_type":"input"},"messages":[],"meta":{"label":{"id":1010021,"text":"Sign in with passkey","type":"info"}}},{"type":"input","group":"code","attributes":{"name":"method","type":"submit","value":"code","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1010015,"text":"Send sign in code","type":"info"}}}]}',NULL,NULL,'2026-12-01 13:47:01.2203376','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE',0);
CREATE TABLE IF NOT EXISTS "identity_identifiers" (
    "id" TEXT NOT NULL CONSTRAINT "pk_identity_identifiers" PRIMARY KEY,
    "identity_id" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "trait_path" TEXT NOT NULL,
    "verified" INTEGER NOT NULL,
    "verified_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_identity_identifiers_identity_id" FOREIGN KEY ("identity_id") REFERENCES "identities" ("id") ON DELETE CASCADE
);
INSERT INTO identity_identifiers VALUES('01A231D2-AFA5-7410-9C2E-C73D34A3CF62','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE','alice@example.com','email',0,NULL,'2026-12-01 13:37:00.8352997','2026-12-01 13:37:00.8352997');
INSERT INTO identity_identifiers VALUES('01A231D2-B110-7519-9825-B1DB5BE4619B','01A231D2-B110-78FF-8265-CE5CA6A51B9A','bob@example.com','email',0,NULL,'2026-12-01 13:37:01.2000119','2026-12-01 13:37:01.2000119');
CREATE TABLE IF NOT EXISTS "identity_passkeys" (
    "id" TEXT NOT NULL CONSTRAINT "pk_identity_passkeys" PRIMARY KEY,
    "identity_id" TEXT NOT NULL,
    "credential_id" BLOB NOT NULL,
    "public_key" BLOB NOT NULL,
    "display_name" TEXT NOT NULL,
    "sign_count" INTEGER NOT NULL,
    "transports" TEXT NULL,
    "is_user_verified" INTEGER NOT NULL,
    "is_backup_eligible" INTEGER NOT NULL,
    "is_backed_up" INTEGER NOT NULL,
    "is_discoverable" INTEGER NOT NULL,
    "attestation_object" BLOB NOT NULL,
    "client_data_json" BLOB NOT NULL,
    "created_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    CONSTRAINT "fk_identity_passkeys_identity_id" FOREIGN KEY ("identity_id") REFERENCES "identities" ("id") ON DELETE CASCADE
);
INSERT INTO identity_passkeys VALUES('01A231D2-AFE5-7AE6-9AEB-8E76431D26CC','01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE',X'7e4ddc4397f0f025224209bbf22cf1774ab9c18d325f84a12695e76505fdf583',X'a5010203262001215820ffd47fe043ebb28bf17625a5634a9379ada3051032fe258d71702bacd0d4d3e7225820f8051ebb80c6a53c429c0755f20baac05adcf1d76f385398eb2afbc555bb492f','Passkey',1,'internal',1,1,1,1,X'a363666d74646e6f6e656761747453746d74a068617574684461746158a449960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d97635d000000000000000000000000000000000000000000207e4ddc4397f0f025224209bbf22cf1774ab9c18d325f84a12695e76505fdf583a5010203262001215820ffd47fe043ebb28bf17625a5634a9379ada3051032fe258d71702bacd0d4d3e7225820f8051ebb80c6a53c429c0755f20baac05adcf1d76f385398eb2afbc555bb492f',X'7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a2238527a3642484e4f61383657714e30684753306f31584e73556b534e6b5377324268714b2d597857663349222c226f726967696e223a22687474703a2f2f6c6f63616c686f73743a34343535222c2263726f73734f726967696e223a66616c73657d','2026-12-01 13:37:00.9013249','2026-12-01 13:37:01.2730522');
INSERT INTO identity_passkeys VALUES('01A231D2-B110-79D7-ADA1-556C95D137F6','01A231D2-B110-78FF-8265-CE5CA6A51B9A',X'f66354be92964b051cf4eebbe978a13340a94be8a1dc01d58ecb21daf10576cd',X'a50102032620012158201b6554c00cea1bfa04eeb6331c518d5b8c4d22dc14b67cee9d239443e9cf1ba2225820ecac58574ab12f83ce0251eb624d4ef8de327c216d8a298dc7d7d6011dd161fd','Passkey',0,'internal',1,0,0,1,X'a363666d74646e6f6e656761747453746d74a068617574684461746158a449960de5880e8c687434170f6476605b8fe4aeb9a28632c7995cf3ba831d97634500000000000000000000000000000000000000000020f66354be92964b051cf4eebbe978a13340a94be8a1dc01d58ecb21daf10576cda50102032620012158201b6554c00cea1bfa04eeb6331c518d5b8c4d22dc14b67cee9d239443e9cf1ba2225820ecac58574ab12f83ce0251eb624d4ef8de327c216d8a298dc7d7d6011dd161fd',X'7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a225741555f574e763238556a45624b364531784a6e71556967426a56665f4f59786a712d5344486d33693641222c226f726967696e223a22687474703a2f2f6c6f63616c686f73743a34343535222c2263726f73734f726967696e223a66616c73657d','2026-12-01 13:37:01.2008838',NULL);
CREATE TABLE IF NOT EXISTS "sessions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_sessions" PRIMARY KEY,
    "token_hash" BLOB NOT NULL,
    "logout_token_hash" BLOB NULL,
    "identity_id" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "issued_at" TEXT NOT NULL,
    "authenticated_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "aal" TEXT NOT NULL,
    "authentication_methods" TEXT NOT NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL, "restriction" TEXT NULL,
    CONSTRAINT "fk_sessions_identity_id" FOREIGN KEY ("identity_id") REFERENCES "identities" ("id") ON DELETE CASCADE
);
INSERT INTO sessions VALUES('01A231D2-AFE9-789A-A456-BB4382D4A164',X'f1aac8d8d42b0423a3e4146350e6b21e44931a28643708ae9e4371ca0dd33c8b',NULL,'01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE',1,'2026-12-01 13:37:00.9055827','2026-12-01 13:37:00.9055827','2026-12-02 13:37:00.9055827','aal1','[{"Method":"passkey","Aal":"aal1","CompletedAt":"2026-12-01T13:37:00.9055827Z"}]',NULL,NULL,NULL);
INSERT INTO sessions VALUES('01A231D2-B111-7DBE-8F42-4DD47DC801CC',X'212c304f9da6eff023b04c96d2675bd7b75e178a7118bda80671f72a6cc26f4c',NULL,'01A231D2-B110-78FF-8265-CE5CA6A51B9A',1,'2026-12-01 13:37:01.2010374','2026-12-01 13:37:01.2010374','2026-12-02 13:37:01.2010374','aal1','[{"Method":"passkey","Aal":"aal1","CompletedAt":"2026-12-01T13:37:01.2010374Z"}]',NULL,NULL,NULL);
INSERT INTO sessions VALUES('01A231D2-B159-7ACE-9509-A4757D9D37CC',X'b23fd77b38df031add777d1bd1959c3a1b2e889eaa3ecf4c9ddae69d57c68b46',NULL,'01A231D2-AFA3-7EAB-BB7C-C30D8E6373EE',1,'2026-12-01 13:37:01.2732882','2026-12-01 13:37:01.2732882','2026-12-02 13:37:01.2732882','aal1','[{"Method":"passkey","Aal":"aal1","CompletedAt":"2026-12-01T13:37:01.2732882Z"}]',NULL,NULL,NULL);
CREATE TABLE IF NOT EXISTS "courier_messages" (
    "id" TEXT NOT NULL CONSTRAINT "pk_courier_messages" PRIMARY KEY,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "html_body" TEXT NULL,
    "template_type" TEXT NOT NULL,
    "send_count" INTEGER NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "claimed_until" TEXT NULL,
    "identity_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "one_time_codes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_one_time_codes" PRIMARY KEY,
    "flow_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "code_hmac" BLOB NOT NULL,
    "link_hmac" BLOB NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT NULL,
    "created_at" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "portal_keys" (
    "name" TEXT NOT NULL CONSTRAINT "pk_portal_keys" PRIMARY KEY,
    "value" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "rate_limit_hits" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_rate_limit_hits" PRIMARY KEY AUTOINCREMENT,
    "bucket" TEXT NOT NULL,
    "at" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "courier_message_dispatches" (
    "id" TEXT NOT NULL CONSTRAINT "pk_courier_message_dispatches" PRIMARY KEY,
    "message_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_courier_message_dispatches_message_id" FOREIGN KEY ("message_id") REFERENCES "courier_messages" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "self_service_errors" (
    "id" TEXT NOT NULL CONSTRAINT "pk_self_service_errors" PRIMARY KEY,
    "error" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);
DELETE FROM sqlite_sequence;
CREATE INDEX "ix_audit_events_at" ON "audit_events" ("at");
CREATE INDEX "ix_audit_events_identity_id" ON "audit_events" ("identity_id");
CREATE UNIQUE INDEX "ix_identities_passkey_user_handle" ON "identities" ("passkey_user_handle");
CREATE INDEX "ix_identity_identifiers_identity_id" ON "identity_identifiers" ("identity_id");
CREATE UNIQUE INDEX "ix_identity_identifiers_value" ON "identity_identifiers" ("value");
CREATE UNIQUE INDEX "ix_identity_passkeys_credential_id" ON "identity_passkeys" ("credential_id");
CREATE INDEX "ix_identity_passkeys_identity_id" ON "identity_passkeys" ("identity_id");
CREATE INDEX "ix_selfservice_flows_expires_at" ON "selfservice_flows" ("expires_at");
CREATE INDEX "ix_sessions_identity_id" ON "sessions" ("identity_id");
CREATE INDEX "ix_sessions_logout_token_hash" ON "sessions" ("logout_token_hash");
CREATE UNIQUE INDEX "ix_sessions_token_hash" ON "sessions" ("token_hash");
CREATE INDEX "ix_courier_message_dispatches_message_id" ON "courier_message_dispatches" ("message_id");
CREATE INDEX "ix_courier_messages_created_at" ON "courier_messages" ("created_at");
CREATE INDEX "ix_courier_messages_recipient" ON "courier_messages" ("recipient");
CREATE INDEX "ix_courier_messages_status_next_attempt_at" ON "courier_messages" ("status", "next_attempt_at");
CREATE INDEX "ix_one_time_codes_expires_at" ON "one_time_codes" ("expires_at");
CREATE INDEX "ix_one_time_codes_flow_id" ON "one_time_codes" ("flow_id");
CREATE INDEX "ix_rate_limit_hits_bucket_at" ON "rate_limit_hits" ("bucket", "at");
CREATE INDEX "ix_rate_limit_hits_at" ON "rate_limit_hits" ("at");
CREATE INDEX "ix_self_service_errors_created_at" ON "self_service_errors" ("created_at");
COMMIT;
