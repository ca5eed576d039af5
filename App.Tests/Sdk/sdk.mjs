// The unmodified @ory/kratos-client, as scripts/test.sh installs it into tools/kratos-client,
// and the clients of one portal that the journeys share.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function repositoryRoot() {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, "Identity.sln"))) return dir;
  throw new Error("No Identity.sln above the SDK scripts");
}

const toolDirectory = join(repositoryRoot(), "tools", "kratos-client");
export const sdkDirectory = join(toolDirectory, "node_modules", "@ory", "kratos-client");
if (!existsSync(sdkDirectory))
  throw new Error(`@ory/kratos-client is not installed in ${toolDirectory}: run scripts/test.sh (or npm ci --prefix tools/kratos-client)`);

const require = createRequire(join(toolDirectory, "package.json"));
export const sdk = require("@ory/kratos-client");
export const sdkVersion = require("@ory/kratos-client/package.json").version;
