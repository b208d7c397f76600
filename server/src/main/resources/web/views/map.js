// Map: the movie vectors on their first two principal components (computed once per model by the
// server), coloured by main genre, titles on hover; a user's recommendations and taste direction
// can be marked. Level of detail: points come most popular first, and a frame draws at most
// BUDGET of those inside the view (all of 100k; a sample of the most popular beyond), zooming in
// shows the rest of a region.
import { get, rpc } from '../api.js';
import { h, showError } from '../ui.js';

const BUDGET = 200000;
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#5a5a5a', '#dbdb8d', '#9edae5'];
const colour = (g) => (g < 0 ? '#b0b0b0' : PALETTE[g % PALETTE.length]);

let cached; // the map of this page load: {modelId, ids, x, y, genre, titles, years, genres}
// The window listeners of the last visit: each visit removes the previous one's, so they never pile up.
let windowListeners = new AbortController();

export async function render(main, [userArg]) {
  windowListeners.abort();
  windowListeners = new AbortController();
  const { signal } = windowListeners;
  const error = h('div', { class: 'error', id: 'map-error', role: 'alert' });
  const user = h('input', { type: 'number', id: 'map-user', value: userArg || '', placeholder: 'user id', style: 'width: 100px' });
  const stats = h('span', { class: 'muted', id: 'map-stats' });
  const form = h('form', { class: 'controls' }, h('label', {}, 'Mark a user’s top 20', user),
    h('button', { type: 'submit', class: 'primary' }, 'Mark'), h('button', { type: 'button', id: 'map-reset', onclick: () => { fit(); schedule(); } }, 'Reset view'), stats);
  const canvas = h('canvas', { id: 'map-canvas' });
  const tip = h('div', { id: 'map-tip', hidden: true });
  const legend = h('div', { class: 'legend' });
  main.append(h('div', { class: 'card' }, form, error), h('div', { id: 'map-wrap' }, canvas, tip), legend);

  try {
    cached = cached || (await get('map'));
  } catch (e) {
    showError(error, e);
    return;
  }
  const m = cached;
  const n = m.ids.length;
  legend.append(...m.genres.map((g, i) => h('span', {}, h('i', { style: 'background:' + colour(i) }), g)));

  // View: screen = (data - centre) * scale + half size; y up.
  let cx = 0, cy = 0, scale = 1, width = 0, height = 0, dpr = 1;
  let marked = new Map(); // movie id -> rank
  let direction = null; // {x, y, userId}
  let drawnCount = 0;
  let grid = new Map();
  let gridDirty = true;
  const frame = { points: n, drawn: 0, ms: 0 };

  function resize() {
    dpr = window.devicePixelRatio || 1;
    width = canvas.clientWidth;
    height = canvas.clientHeight;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  function quantile(arr, q) {
    const s = Float32Array.from(arr).sort();
    return s[Math.min(s.length - 1, Math.floor(q * s.length))];
  }
  function fit() {
    const x0 = quantile(m.x, 0.01), x1 = quantile(m.x, 0.99), y0 = quantile(m.y, 0.01), y1 = quantile(m.y, 0.99);
    cx = (x0 + x1) / 2;
    cy = (y0 + y1) / 2;
    scale = 0.9 * Math.min(width / Math.max(1e-9, x1 - x0), height / Math.max(1e-9, y1 - y0));
  }
  const sx = (x) => (x - cx) * scale + width / 2;
  const sy = (y) => height / 2 - (y - cy) * scale;

  // Points are written straight into an ImageData (2x2 device pixels, 3x3 for the 300 most
  // popular), least popular first so popular movies stay on top: a few ms for 100k points, where
  // canvas paths of as many rectangles take tens of ms to rasterise without a GPU.
  let image = null, pixels = null, inView = new Int32Array(0);
  const packed = PALETTE.map((c) => 0xff000000 | (parseInt(c.slice(5, 7), 16) << 16) | (parseInt(c.slice(3, 5), 16) << 8) | parseInt(c.slice(1, 3), 16));
  const grey = 0xffb0b0b0;
  function draw() {
    const t0 = performance.now();
    const ctx = canvas.getContext('2d');
    const W = canvas.width, H = canvas.height;
    if (!image || image.width !== W || image.height !== H) {
      image = ctx.createImageData(W, H);
      pixels = new Uint32Array(image.data.buffer);
    }
    if (inView.length !== n) inView = new Int32Array(n);
    pixels.fill(0xffffffff);
    drawnCount = 0;
    for (let i = 0; i < n && drawnCount < BUDGET; i++) {
      const px = sx(m.x[i]), py = sy(m.y[i]);
      if (px >= 0 && py >= 0 && px < width && py < height) inView[drawnCount++] = i;
    }
    for (let j = drawnCount - 1; j >= 0; j--) {
      const i = inView[j];
      const size = i < 300 ? 3 : 2;
      const x0 = Math.min(W - size, Math.round(sx(m.x[i]) * dpr)), y0 = Math.min(H - size, Math.round(sy(m.y[i]) * dpr));
      const c = m.genre[i] < 0 ? grey : packed[m.genre[i] % packed.length];
      for (let dy = 0; dy < size; dy++) {
        const row = (y0 + dy) * W + x0;
        for (let dx = 0; dx < size; dx++) pixels[row + dx] = c;
      }
    }
    ctx.putImageData(image, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    gridDirty = true;
    if (direction) {
      const ox = sx(0), oy = sy(0), len = Math.hypot(direction.x, direction.y) || 1;
      const L = 0.4 * Math.min(width, height);
      const ex = ox + (direction.x / len) * L, ey = oy - (direction.y / len) * L;
      ctx.strokeStyle = '#111'; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(ox, oy); ctx.lineTo(ex, ey); ctx.stroke();
      ctx.beginPath(); ctx.arc(ex, ey, 6, 0, 2 * Math.PI); ctx.fillStyle = '#111'; ctx.fill();
      ctx.font = '12px sans-serif'; ctx.fillText('user ' + direction.userId + '’s taste', ex + 8, ey - 8);
    }
    if (marked.size) {
      ctx.strokeStyle = '#111'; ctx.lineWidth = 1.5; ctx.font = '11px sans-serif'; ctx.fillStyle = '#111';
      for (let i = 0; i < n; i++) {
        const rank = marked.get(m.ids[i]);
        if (rank === undefined) continue;
        const px = sx(m.x[i]), py = sy(m.y[i]);
        ctx.beginPath(); ctx.arc(px, py, 6, 0, 2 * Math.PI); ctx.stroke();
        if (rank <= 10) ctx.fillText(rank + '. ' + m.titles[i], px + 8, py + 4);
      }
    }
    frame.drawn = drawnCount;
    frame.ms = performance.now() - t0;
    stats.textContent = n.toLocaleString('en') + ' movies · drawn ' + drawnCount.toLocaleString('en') + ' · frame ' + frame.ms.toFixed(1) + ' ms';
  }
  // The hover index (8-px cells of the drawn points), rebuilt on the first hover after a draw.
  function buildGrid() {
    grid = new Map();
    for (let j = 0; j < drawnCount; j++) {
      const i = inView[j];
      const key = ((sx(m.x[i]) >> 3) << 16) | (sy(m.y[i]) >> 3);
      const cell = grid.get(key);
      if (cell) cell.push(i); else grid.set(key, [i]);
    }
    gridDirty = false;
  }
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
  function nearest(px, py) {
    if (gridDirty) buildGrid();
    let best = -1, bd = 36;
    for (let gx = (px >> 3) - 1; gx <= (px >> 3) + 1; gx++) {
      for (let gy = (py >> 3) - 1; gy <= (py >> 3) + 1; gy++) {
        for (const i of grid.get((gx << 16) | gy) || []) {
          const d = (sx(m.x[i]) - px) ** 2 + (sy(m.y[i]) - py) ** 2;
          if (d < bd) { bd = d; best = i; }
        }
      }
    }
    return best;
  }

  let drag = null;
  canvas.addEventListener('mousedown', (e) => { drag = { x: e.offsetX, y: e.offsetY, cx, cy, moved: false }; canvas.style.cursor = 'grabbing'; });
  window.addEventListener('mouseup', () => { drag = null; canvas.style.cursor = ''; }, { signal });
  canvas.addEventListener('mousemove', (e) => {
    if (drag) {
      cx = drag.cx - (e.offsetX - drag.x) / scale;
      cy = drag.cy + (e.offsetY - drag.y) / scale;
      drag.moved = true;
      tip.hidden = true;
      schedule();
      return;
    }
    const i = nearest(e.offsetX, e.offsetY);
    if (i < 0) { tip.hidden = true; return; }
    tip.textContent = m.titles[i] + (m.years[i] ? ' (' + m.years[i] + ')' : '') + ' · ' + (m.genres[m.genre[i]] || 'no genre');
    tip.style.left = (e.offsetX + 12) + 'px';
    tip.style.top = (e.offsetY + 12) + 'px';
    tip.hidden = false;
  });
  canvas.addEventListener('click', (e) => {
    if (drag && drag.moved) return;
    const i = nearest(e.offsetX, e.offsetY);
    if (i >= 0) location.hash = '#movie/' + m.ids[i];
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const f = Math.exp(-e.deltaY * 0.0015);
    const dx = (e.offsetX - width / 2) / scale + cx, dy = (height / 2 - e.offsetY) / scale + cy;
    scale *= f;
    cx = dx - (e.offsetX - width / 2) / scale;
    cy = dy - (height / 2 - e.offsetY) / scale;
    schedule();
  }, { passive: false });
  window.addEventListener('resize', () => { if (canvas.isConnected) { resize(); schedule(); } }, { signal });

  async function mark() {
    const userId = user.value;
    showError(error, null);
    if (!userId) { marked = new Map(); direction = null; schedule(); return; }
    try {
      const [r, d] = await Promise.all([rpc('Recommend', { userId, k: 20 }), get('map/users/' + encodeURIComponent(userId))]);
      marked = new Map(r.items.map((it, i) => [String(it.movieId), i + 1]));
      direction = { x: d.x, y: d.y, userId };
    } catch (e) {
      showError(error, e);
    }
    schedule();
  }
  // The ids come as numbers in the map and as strings (int64) in RPC answers: key by string.
  m.ids = m.ids.map(String);
  form.addEventListener('submit', (e) => { e.preventDefault(); mark(); });

  resize();
  fit();
  draw();
  if (user.value) mark();

  // For the browser test and BENCHMARKS.md: pan and zoom for `frames` animation frames, timing
  // each draw and the interval between frames.
  window.marqueeMap = {
    frame,
    bench(frames) {
      return new Promise((done) => {
        const draws = [], gaps = [];
        let last = performance.now(), i = 0;
        const step = () => {
          const now = performance.now();
          if (i > 0) gaps.push(now - last);
          last = now;
          if (i === frames) {
            const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
            const p95 = (a) => [...a].sort((x, y) => x - y)[Math.floor(0.95 * (a.length - 1))];
            done({ points: n, drawn: frame.drawn, drawMeanMs: mean(draws), drawP95Ms: p95(draws), frameMeanMs: mean(gaps), frameP95Ms: p95(gaps) });
            return;
          }
          cx += (i % 20 < 10 ? 1 : -1) * 4 / scale;
          scale *= i % 40 < 20 ? 1.01 : 1 / 1.01;
          draw();
          draws.push(frame.ms);
          i++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    },
  };
}
