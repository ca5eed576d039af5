// Runs one journey by name (the file journeys/<name>.mjs) against the portal the environment
// names; exits 0 when it passes. An answer the SDK rejected is printed with its status and body.
import { createContext } from "./context.mjs";
import { sdkVersion } from "./sdk.mjs";

const name = process.argv[2];
if (!name) {
  console.error("usage: node run.mjs <journey>");
  process.exit(2);
}

try {
  const { default: journey } = await import(`./journeys/${name}.mjs`);
  await journey(createContext());
  console.log(`${name}: passed with @ory/kratos-client ${sdkVersion}`);
} catch (error) {
  if (error.response) {
    const { config, status, data } = error.response;
    console.error(`${config.method.toUpperCase()} ${config.url} answered ${status}: ${JSON.stringify(data, null, 2)}`);
  }
  console.error(error.stack ?? String(error));
  process.exit(1);
}
