// The admin console's one browser task besides the circuit: copying a recovery link or code.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
