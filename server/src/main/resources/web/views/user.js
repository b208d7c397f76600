// User: a known user's ratings (sortable) beside their recommendations, with filters that
// re-ask Recommend as they change. Stars on a recommendation rate it as this user (RateMovies,
// on a server with --events): the ratings and the list reload, refitted at once.
import { get, model, rpc } from '../api.js';
import { filterControls, fmt, genreTags, h, movieLink, ranked, recommendationTable, showError, sortableTable, stars } from '../ui.js';

export async function render(main, [id]) {
  const input = h('input', { type: 'number', id: 'user-id', value: id || '42', min: 1, style: 'width: 100px' });
  const k = h('select', { id: 'k' }, [10, 20, 50].map((n) => h('option', { value: n }, n)));
  const error = h('div', { class: 'error', id: 'user-error', role: 'alert' });
  const ratingsTitle = h('h2', {}, 'Ratings');
  const ratings = sortableTable([
    { key: 'title', label: 'Title', sort: (r) => r.title, cell: (r) => h('span', {}, movieLink(r.movieId, r.title), ' ', genreTags(r.genres)) },
    { key: 'year', label: 'Year', num: true, sort: (r) => r.year, cell: (r) => r.year || '' },
    { key: 'rating', label: 'Rating', num: true, sort: (r) => r.rating, cell: (r) => fmt(r.rating, 1) },
  ], { id: 'ratings', initial: { key: 'rating', dir: -1 }, rowAttrs: (r) => ({ dataset: { movieId: r.movieId } }) });
  const recsTitle = h('h2', {}, 'Recommendations');
  const recs = recommendationTable('recs',
    { key: 'rate', label: 'Rate', cell: (r) => stars(r.movieId, 0, (n) => rate(r.movieId, n)) });
  const status = h('span', { class: 'muted', id: 'recs-status' });
  const go = h('button', { type: 'submit', class: 'primary' }, 'Show');
  const form = h('form', { class: 'controls' }, h('label', {}, 'User id', input), h('label', {}, 'Top k', k), go);
  const info = await model().catch((e) => { showError(error, e); return { genres: [], minYear: 0, maxYear: 0 }; });
  const filters = filterControls(info.genres, info.minYear, info.maxYear, () => recommend());
  main.append(
    h('div', { class: 'card' }, form, filters.el, error),
    h('div', { class: 'row' },
      h('div', { class: 'card' }, ratingsTitle, h('div', { class: 'scroll' }, ratings.el)),
      h('div', { class: 'card' }, recsTitle, status, recs.el)));

  let seq = 0;
  async function recommend() {
    const mine = ++seq;
    const userId = input.value;
    try {
      const r = await rpc('Recommend', { userId, k: Number(k.value), filter: filters.filter() });
      if (mine !== seq) return;
      recs.set(ranked(r.items));
      status.textContent = r.coldStart ? 'unknown user: cold-start list' : r.items.length + ' movies';
      showError(error, null);
      if (!window.marqueeTimings) window.marqueeTimings = { userListMs: performance.now() };
    } catch (e) {
      if (mine !== seq) return;
      recs.set([]);
      status.textContent = '';
      showError(error, e);
    }
  }
  async function load() {
    const userId = input.value;
    if (location.hash !== '#user/' + userId) history.replaceState(null, '', '#user/' + userId);
    showError(error, null);
    ratings.set([]);
    const listed = recommend();
    try {
      const r = await get('users/' + encodeURIComponent(userId) + '/ratings');
      ratings.set(r.ratings);
      ratingsTitle.textContent = 'Ratings of user ' + userId + ' (' + r.ratings.length + ')';
    } catch (e) {
      ratingsTitle.textContent = 'Ratings';
      await listed;
      if (!error.textContent) showError(error, e);
    }
    await listed;
  }
  async function rate(movieId, rating) {
    // A fresh request id per click: a retry of this one call would be applied once.
    const requestId = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
    try {
      const r = await rpc('RateMovies', { userId: input.value, ratings: [{ movieId, rating }], requestId });
      await load();
      status.textContent += ' (rated as event ' + r.seq + ')';
    } catch (e) {
      showError(error, e);
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  k.addEventListener('change', () => recommend());
  load();
}
