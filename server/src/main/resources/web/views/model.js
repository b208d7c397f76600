// Model: GetModelInfo (id, dataset, counts, metrics, index parameters) and the training settings
// and history plot of the served model directory.
import { get, rpc } from '../api.js';
import { h, showError } from '../ui.js';

const kv = (obj, id) => h('dl', { class: 'kv', id },
  Object.entries(obj || {}).sort(([a], [b]) => a.localeCompare(b)).flatMap(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : typeof v === 'object' ? JSON.stringify(v) : String(v))]));

export async function render(main) {
  const error = h('div', { class: 'error', id: 'model-error', role: 'alert' });
  main.append(error);
  try {
    const [info, extra] = await Promise.all([rpc('GetModelInfo'), get('model')]);
    const plot = h('img', { class: 'plot', id: 'history-plot', alt: 'training history', src: '/api/v1/model/history.png' });
    const noPlot = h('p', { class: 'muted', hidden: true }, 'No training history plot in the model directory (a synthetic model has none).');
    plot.addEventListener('error', () => { plot.hidden = true; noPlot.hidden = false; });
    main.append(
      h('div', { class: 'row' },
        h('div', { class: 'card' }, h('h2', {}, 'Model'), kv({
          'model id': info.modelId, dataset: info.dataset, created: info.createdAt, users: info.users, movies: info.movies,
          ratings: info.ratings, factors: info.factors, 'rating scale': info.ratingMin + ' .. ' + info.ratingMax, 'prediction range': info.yMin + ' .. ' + info.yMax, features: info.features, split: extra.split,
        }, 'model-facts'),
        h('h2', { style: 'margin-top: 12px' }, 'Index and retrieval'), kv(info.indexParams, 'index-params')),
        h('div', { class: 'card' }, h('h2', {}, 'Training history'), plot, noPlot)),
      h('div', { class: 'row' },
        h('div', { class: 'card' }, h('h2', {}, 'Metrics at training time'), h('div', { class: 'scroll' }, kv(info.metrics, 'metrics'))),
        h('div', { class: 'card' }, h('h2', {}, 'Training settings'),
          extra.hyperparameters ? kv(extra.hyperparameters, 'hyperparameters') : h('p', { class: 'muted' }, 'none recorded (synthetic model)'))));
  } catch (e) {
    showError(error, e);
  }
}
