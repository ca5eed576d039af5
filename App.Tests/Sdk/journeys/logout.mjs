// performNativeLogout ends the session its token names; toSession then refuses the token.
import { SoftwareAuthenticator } from "../authenticator.mjs";
import { check, refused } from "../context.mjs";
import { signIn, signUp, whoami } from "../steps.mjs";

export default async function logout(ctx) {
  const phone = new SoftwareAuthenticator();
  const registered = await signUp(ctx, phone, ctx.newEmail("sdk-logout"));
  const other = await signIn(ctx, phone);

  const response = await ctx.frontend.performNativeLogout({ performNativeLogoutBody: { session_token: registered.session_token } });
  check(response.status === 204, "A native logout answers 204", response.status);

  const error = await refused(ctx.frontend.toSession({ xSessionToken: registered.session_token }), 401);
  // Kratos's whoami wraps every failure in a plain Unauthorized, with no id.
  check(error.error.id === undefined && error.error.reason === "No valid session credentials found in the request.",
    "toSession after logout is Kratos's plain 401", error);
  // The same person's other session is untouched.
  const still = await whoami(ctx, other.session_token);
  check(still.id === other.session.id, "The other session still answers", still);

  // A token that is no session's cannot be logged out.
  await refused(ctx.frontend.performNativeLogout({ performNativeLogoutBody: { session_token: registered.session_token } }), 401);
}
