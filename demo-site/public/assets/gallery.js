/* global location, URLSearchParams */
// Adds the polls named in ?polls=a,b to the gallery. Listing polls needs an admin key, which a
// public page must never hold, so the page lists the known demo polls plus whatever ids the URL names.
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const grid = document.getElementById('poll-grid');
const already = new Set([...grid.querySelectorAll('vote-poll')].map((el) => el.getAttribute('poll-id')));
const requested = (new URLSearchParams(location.search).get('polls') ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter((id) => ID.test(id) && !already.has(id));

for (const id of new Set(requested)) {
  const item = document.createElement('li');
  const section = document.createElement('section');
  section.className = 'poll-embed';
  section.setAttribute('aria-label', 'Reader poll');
  const label = document.createElement('p');
  label.className = 'label';
  label.textContent = 'Reader poll';
  const poll = document.createElement('vote-poll');
  poll.setAttribute('poll-id', id);
  section.append(label, poll);
  item.append(section);
  // Polls asked for by link come first: that is what the reader came for.
  grid.prepend(item);
}
