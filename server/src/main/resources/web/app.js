// The page's router: #user/42, #new, #movie/50, #map, #model. Each view module exports
// render(main, args) and draws into <main>.
import { rpc } from './api.js';
import * as user from './views/user.js';
import * as newUser from './views/new-user.js';
import * as movie from './views/movie.js';
import * as map from './views/map.js';
import * as modelView from './views/model.js';

const views = { user, new: newUser, movie, map, model: modelView };

function route() {
  const [name, ...args] = (location.hash.slice(1) || 'user').split('/');
  const view = views[name] || user;
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.dataset.view === (views[name] ? name : 'user'));
  }
  const main = document.getElementById('view');
  main.replaceChildren();
  view.render(main, args.map(decodeURIComponent));
}

window.addEventListener('hashchange', route);
route();
rpc('GetModelInfo').then(
  (info) => { document.getElementById('model-id').textContent = 'model ' + info.modelId + ' · ' + info.dataset.split(' ')[0]; },
  () => {});
