// The admin shell: takes the token from the URL fragment (never sent to the server in a URL,
// so it stays out of access logs), keeps it for this tab only, and shows the service status.
(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.get('token')) {
    sessionStorage.setItem('shopcast_token', params.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  var token = sessionStorage.getItem('shopcast_token') || '';
  var lang = (params.get('lang') || navigator.language || 'en').slice(0, 2) === 'fr' ? 'fr' : 'en';
  var words = {
    en: { status: 'Service status', database: 'Database', migrations: 'Tables', provider: 'SMS provider',
      ok: 'ok', current: 'up to date', pending: 'pending', configured: 'configured', missing: 'not configured',
      unreachable: 'unreachable', employee: 'employee', noToken: 'Open this page from the PrestaShop back office, or with the link printed by "shopcast serve" or "shopcast admin-link".' },
    fr: { status: 'État du service', database: 'Base de données', migrations: 'Tables', provider: 'Fournisseur SMS',
      ok: 'ok', current: 'à jour', pending: 'en attente', configured: 'configuré', missing: 'non configuré',
      unreachable: 'injoignable', employee: 'employé', noToken: 'Ouvrez cette page depuis le back-office PrestaShop, ou avec le lien affiché par « shopcast serve » ou « shopcast admin-link ».' },
  }[lang];
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = words[el.getAttribute('data-i18n')]; });

  function row(label, text, good) {
    var tr = document.createElement('tr');
    var th = document.createElement('td');
    var td = document.createElement('td');
    th.textContent = label;
    td.textContent = text;
    td.className = good ? 'ok' : 'bad';
    tr.appendChild(th);
    tr.appendChild(td);
    document.querySelector('#status tbody').appendChild(tr);
  }

  if (!token) {
    document.getElementById('message').textContent = words.noToken;
    return;
  }
  fetch('../api/whoami', { headers: { authorization: 'Bearer ' + token } })
    .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
    .then(function (me) { document.getElementById('who').textContent = words.employee + ' #' + me.employee; })
    .then(function () { return fetch('../health'); })
    .then(function (res) { return res.json(); })
    .then(function (h) {
      row(words.database, h.database.ok ? words.ok + ' (' + h.database.dialect + ')' : words.unreachable, h.database.ok);
      row(words.migrations, h.migrations.current ? words.current : words.pending, h.migrations.current);
      row(words.provider, h.provider.name + ': ' + (h.provider.configured ? words.configured : words.missing), h.provider.configured);
    })
    .catch(function () { document.getElementById('message').textContent = words.noToken; });
})();
