// The key lives in sessionStorage: it survives a reload but not closing the tab, and never sits in
// localStorage where every later visitor of a shared computer could find it.
const KEY = 'votewire.adminKey';

export function loadKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveKey(key: string): void {
  try {
    sessionStorage.setItem(KEY, key);
  } catch {
    // Storage disabled: the console still works until the tab is reloaded.
  }
}

export function clearKey(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
