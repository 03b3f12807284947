/**
 * `npm run fakes`: fake Google and fake SendGrid/Resend for local development.
 * Prints the .dev.vars lines that point the worker at them.
 */
import { startFakeGoogle } from "./google";
import { startFakeSendGrid } from "./sendgrid";

const googlePort = Number(process.env.FAKE_GOOGLE_PORT ?? 8790);
const sendgridPort = Number(process.env.FAKE_SENDGRID_PORT ?? 8791);

const google = await startFakeGoogle({ port: googlePort });
const sendgrid = await startFakeSendGrid({ port: sendgridPort, apiKey: "SG.fake-local-key", resendApiKey: "re_fake_local_key" });

console.log(`Fake Google   : ${google.url}  (token: ${google.serviceAccountKey.token_uri}, calendar: ${google.url}/calendar/v3)`);
console.log(`Fake SendGrid : ${sendgrid.url}  (Resend-compatible /emails on the same port)`);
console.log(`  sent mail   : GET  ${sendgrid.url}/__fake/messages`);
console.log(`  webhook     : POST ${sendgrid.url}/__fake/post-events  {"targetUrl": "...", "events": [...], "tamper"?, "wrongKey"?}`);
console.log("");
console.log("# .dev.vars (a fresh service-account key and webhook key are made on every start)");
const vars: Record<string, string> = {
  GOOGLE_CALENDAR_API_URL: `${google.url}/calendar/v3`,
  GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(google.serviceAccountKey),
  GOOGLE_CALENDAR_ID: google.calendarId,
  SENDGRID_API_URL: sendgrid.url,
  SENDGRID_API_KEY: sendgrid.apiKey,
  SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.signer.publicKeyBase64,
  RESEND_API_URL: sendgrid.url,
  RESEND_API_KEY: sendgrid.resendApiKey,
};
for (const [name, value] of Object.entries(vars)) console.log(`${name}=${/^[\w.:/@+=-]*$/.test(value) ? value : `'${value}'`}`);
console.log("");
console.log("Running; Ctrl-C to stop.");

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([google.close(), sendgrid.close()]);
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
