// The settings page's backup codes, called from the server through JS interop: the new codes as
// a .txt file made in the browser (they never travel again to be downloaded), and printing.
export function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; the codes should not stay reachable in memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The page's print style shows only the list of codes.
export function print() {
  window.print();
}
