// The console shows the real <vote-poll>, loaded from this server's /sdk/ like any site loads it.
// On demand, so that a missing SDK only affects the boxes that show the widget.

let loading: Promise<CustomElementConstructor> | null = null;

/** Adds the SDK's script once; resolves with the `<vote-poll>` class once it is defined. */
export function loadWidget(): Promise<CustomElementConstructor> {
  if (!loading) {
    if (!customElements.get('vote-poll')) {
      const script = document.createElement('script');
      script.type = 'module';
      script.src = '/sdk/vote-poll.js';
      document.head.append(script);
    }
    loading = customElements.whenDefined('vote-poll');
  }
  return loading;
}
