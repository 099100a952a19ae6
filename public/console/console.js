// The advisers' console. No inline script (the page's CSP forbids it), and no text is ever parsed as HTML: every text a
// person or an adviser wrote goes into the page through textContent, so markup in a message shows as text.
(function consoleApp() {
  'use strict';

  var state = {
    lng: 'en',
    texts: {},
    meta: { languages: [], cities: [], topics: [], outcomes: [] },
    csrf: '',
    adviser: null,
    queue: { waiting: [], mine: [], others: [] },
    ticket: null,
    advisers: [],
    canned: [],
    cannedLng: '',
    events: null,
    refreshTimer: 0,
  };

  var $ = function (id) {
    return document.getElementById(id);
  };

  function lookup(key) {
    var value = key.split('.').reduce(function (node, part) {
      return node && typeof node === 'object' ? node[part] : undefined;
    }, state.texts);
    return typeof value === 'string' ? value : key;
  }

  function t(key, params) {
    return lookup(key).replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, name) {
      return params && params[name] !== undefined ? String(params[name]) : '';
    });
  }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      var value = props[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else if (name === 'className') node.className = value;
      else if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function setStatus(text, kind) {
    var status = $('status');
    status.textContent = text || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  function languageName(code) {
    var found = state.meta.languages.find(function (l) {
      return l.code === code;
    });
    return found ? found.nativeName + ' (' + code + ')' : code;
  }

  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  }

  function timeOf(iso) {
    try {
      return new Date(iso).toLocaleTimeString(state.lng, { hour: '2-digit', minute: '2-digit' });
    } catch (error) {
      return iso;
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  function request(path, options) {
    var init = { method: (options && options.method) || 'GET', credentials: 'same-origin', headers: {} };
    if (init.method === 'POST') {
      init.headers['Content-Type'] = 'application/json';
      init.headers['X-CSRF-Token'] = state.csrf;
      init.body = JSON.stringify((options && options.body) || {});
    }
    return fetch(path, init).then(function (response) {
      if (response.status === 204) return { status: 204, body: null };
      return response.text().then(function (text) {
        var body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (error) {
          body = null;
        }
        if (response.status === 401 && path !== '/console/api/login') {
          showSignIn(t('signIn.expired'));
        }
        return { status: response.status, body: body };
      });
    });
  }

  // ---- Texts -----------------------------------------------------------------------------------------------------

  function loadTexts(lng) {
    return request('/console/api/texts/' + encodeURIComponent(lng)).then(function (result) {
      state.lng = result.body.lng;
      state.texts = result.body.texts;
      state.meta = result.body;
      try {
        localStorage.setItem('console.lng', state.lng);
      } catch (error) {
        /* private mode */
      }
      applyTexts();
    });
  }

  function applyTexts() {
    document.documentElement.lang = state.lng;
    var language = state.meta.languages.find(function (l) {
      return l.code === state.lng;
    });
    document.documentElement.dir = language && language.rtl ? 'rtl' : 'ltr';
    document.title = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    var select = $('ui-language');
    clear(select);
    state.meta.languages.forEach(function (l) {
      select.appendChild(el('option', { value: l.code, text: l.nativeName, selected: l.code === state.lng }));
    });
    fillSelect($('close-outcome'), state.meta.outcomes.map(function (o) {
      return { value: o, label: t('ticket.outcomes.' + o) };
    }));
    fillSelect($('new-role'), ['adviser', 'admin'].map(function (r) {
      return { value: r, label: t('admin.roles.' + r) };
    }));
    fillChecks($('new-languages'), 'languages', state.meta.languages.map(function (l) {
      return { value: l.code, label: l.nativeName };
    }));
    fillChecks($('new-cities'), 'cities', state.meta.cities.map(function (c) {
      return { value: c, label: t('cities.' + c) };
    }));
    fillChecks($('new-topics'), 'topics', state.meta.topics.map(function (topic) {
      return { value: topic, label: t('topics.' + topic) };
    }));
    if (state.adviser) {
      renderWho();
      renderQueue();
      if (state.ticket) renderTicket();
    }
  }

  function fillSelect(select, options) {
    var current = select.value;
    clear(select);
    options.forEach(function (option) {
      select.appendChild(el('option', { value: option.value, text: option.label, selected: option.value === current }));
    });
  }

  function fillChecks(container, name, options) {
    clear(container);
    options.forEach(function (option) {
      var id = 'check-' + name + '-' + option.value;
      container.appendChild(
        el('label', { for: id, className: 'check' }, [el('input', { type: 'checkbox', id: id, name: name, value: option.value }), el('span', { text: option.label })]),
      );
    });
  }

  // ---- Sign-in ---------------------------------------------------------------------------------------------------

  function showSignIn(message) {
    stopEvents();
    state.adviser = null;
    state.ticket = null;
    $('desk').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    return request('/console/api/session').then(function (result) {
      if (result.body && result.body.csrfToken) state.csrf = result.body.csrfToken;
    });
  }

  function signIn(event) {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    request('/console/api/login', {
      method: 'POST',
      body: { username: $('username').value.trim().toLowerCase(), password: $('password').value },
    }).then(function (result) {
      if (result.status === 200) {
        $('password').value = '';
        startDesk(result.body);
      } else if (result.status === 429) {
        $('sign-in-error').textContent = t('signIn.throttled', { seconds: (result.body && result.body.retryAfterSeconds) || 300 });
      } else if (result.status === 403) {
        showSignIn(t('errors.generic'));
      } else {
        $('sign-in-error').textContent = t('signIn.failed');
      }
    });
  }

  function signOut() {
    request('/console/api/logout', { method: 'POST' }).then(function () {
      showSignIn('');
    });
  }

  // ---- The desk --------------------------------------------------------------------------------------------------

  function startDesk(session) {
    state.csrf = session.csrfToken;
    state.adviser = session.adviser;
    $('sign-in').hidden = true;
    $('desk').hidden = false;
    $('sign-out').hidden = false;
    $('tab-admin').hidden = state.adviser.role !== 'admin';
    renderWho();
    showTab('queue');
    refreshAll();
    startEvents();
  }

  function renderWho() {
    $('who').textContent = state.adviser ? state.adviser.name + ' · ' + t('admin.roles.' + state.adviser.role) : '';
  }

  function showTab(tab) {
    $('queue-view').hidden = tab !== 'queue';
    $('admin-view').hidden = tab !== 'admin';
    $('tab-queue').setAttribute('aria-pressed', String(tab === 'queue'));
    $('tab-admin').setAttribute('aria-pressed', String(tab === 'admin'));
    if (tab === 'admin') loadAdmin();
  }

  function refreshAll() {
    return Promise.all([loadQueue(), loadAdvisers()]).then(function () {
      if (state.ticket) return openTicket(state.ticket.id, true);
      return undefined;
    });
  }

  function loadQueue() {
    return request('/console/api/queue').then(function (result) {
      if (result.status !== 200) return;
      state.queue = result.body;
      renderQueue();
    });
  }

  function loadAdvisers() {
    return request('/console/api/advisers').then(function (result) {
      if (result.status === 200) state.advisers = result.body;
    });
  }

  function renderQueue() {
    renderList($('waiting'), state.queue.waiting, t('queue.empty'));
    renderList($('mine'), state.queue.mine, t('queue.mineEmpty'));
    var others = state.queue.others || [];
    $('others-title').hidden = others.length === 0;
    $('others').hidden = others.length === 0;
    renderList($('others'), others, '');
  }

  function renderList(list, items, emptyText) {
    clear(list);
    if (items.length === 0 && emptyText) {
      list.appendChild(el('li', { className: 'empty', text: emptyText }));
      return;
    }
    items.forEach(function (item) {
      var badges = [];
      if (item.priority === 'flagged') badges.push(el('span', { className: 'badge flagged', text: t('queue.flagged') }));
      if (item.priority === 'urgent') badges.push(el('span', { className: 'badge urgent', text: t('queue.urgent') }));
      var facts = [
        languageName(item.language),
        item.city ? t('cities.' + item.city) : t('queue.unknownCity'),
        t('topics.' + item.topic),
        item.channel,
      ].join(' · ');
      var button = el(
        'button',
        {
          type: 'button',
          className: 'queue-item' + (state.ticket && state.ticket.id === item.id ? ' current' : ''),
          'data-ticket-id': item.id,
          onclick: function () {
            openTicket(item.id, false);
          },
        },
        [
          el('span', { className: 'line' }, badges.concat([el('span', { className: 'facts-line', text: facts })])),
          el('span', { className: 'waiting', text: t('queue.waitingFor', { minutes: minutesSince(item.waitingSince) }) }),
          item.assigneeName ? el('span', { className: 'held', text: t('ticket.heldBy', { name: item.assigneeName }) }) : null,
        ],
      );
      list.appendChild(el('li', { 'data-priority': item.priority }, [button]));
    });
  }

  // ---- A ticket --------------------------------------------------------------------------------------------------

  function openTicket(id, quiet) {
    return request('/console/api/tickets/' + encodeURIComponent(id)).then(function (result) {
      if (result.status === 404) {
        if (!quiet) setStatus(t('errors.notFound'), 'warn');
        if (state.ticket && state.ticket.id === id) closeTicketPanel();
        return;
      }
      if (result.status !== 200) return;
      var switched = !state.ticket || state.ticket.id !== id;
      state.ticket = result.body;
      document.body.classList.add('viewing-ticket');
      $('ticket-panel').hidden = false;
      renderTicket();
      renderQueue();
      if (switched) $('reply-text').value = '';
      return loadCanned(state.ticket.language);
    });
  }

  function closeTicketPanel() {
    state.ticket = null;
    document.body.classList.remove('viewing-ticket');
    $('ticket-panel').hidden = true;
    renderQueue();
  }

  function loadCanned(lng) {
    if (state.cannedLng === lng) return Promise.resolve();
    return request('/console/api/canned/' + encodeURIComponent(lng)).then(function (result) {
      if (result.status !== 200) return;
      state.canned = result.body;
      state.cannedLng = lng;
      var select = $('canned');
      clear(select);
      select.appendChild(el('option', { value: '', text: t('ticket.cannedNone') }));
      state.canned.forEach(function (reply) {
        select.appendChild(el('option', { value: reply.id, text: reply.text, title: reply.english }));
      });
    });
  }

  function renderTicket() {
    var ticket = state.ticket;
    $('ticket-title').textContent = t('topics.' + ticket.topic) + ' · ' + languageName(ticket.language);
    var facts = $('ticket-facts');
    clear(facts);
    [
      ['ticket.state', t('ticket.states.' + ticket.state) + (ticket.priority !== 'normal' ? ' · ' + t(ticket.priority === 'flagged' ? 'queue.flagged' : 'queue.urgent') : '')],
      ['ticket.city', ticket.city ? t('cities.' + ticket.city) : t('queue.unknownCity')],
      ['ticket.channel', ticket.channel],
      ['ticket.reason', ticket.reason],
      ['ticket.waitingSince', timeOf(ticket.waitingSince) + ' (' + t('queue.waitingFor', { minutes: minutesSince(ticket.waitingSince) }) + ')'],
    ].forEach(function (pair) {
      facts.appendChild(el('dt', { text: t(pair[0]) }));
      facts.appendChild(el('dd', { text: pair[1], dir: 'auto' }));
    });

    var summary = $('ticket-summary');
    clear(summary);
    if (ticket.summary.length === 0) summary.appendChild(el('dd', { text: t('ticket.noSummary') }));
    ticket.summary.forEach(function (item) {
      summary.appendChild(el('dt', { text: item.label, dir: 'auto' }));
      summary.appendChild(el('dd', { text: item.value, dir: 'auto' }));
    });

    var transcript = $('transcript');
    clear(transcript);
    ticket.transcript.forEach(function (entry) {
      var meta = t('ticket.from.' + entry.from) + ' · ' + timeOf(entry.at) + (entry.delivery ? ' · ' + t('ticket.delivery.' + entry.delivery) : '');
      transcript.appendChild(
        el('li', { className: 'bubble from-' + entry.from + (entry.delivery === 'failed' ? ' failed' : ''), 'data-entry-id': entry.id }, [
          el('p', { className: 'meta', text: meta }),
          el('p', { className: 'text', dir: 'auto', text: entry.text }),
        ]),
      );
    });
    transcript.scrollTop = transcript.scrollHeight;

    var mine = ticket.state === 'open' && ticket.assignee === state.adviser.username;
    var admin = state.adviser.role === 'admin';
    $('take-area').hidden = ticket.state !== 'pending';
    $('act-area').hidden = !(mine || (admin && ticket.state === 'open'));
    $('reply-form').hidden = !mine;
    var notice = $('ticket-notice');
    var noticeText = ticket.undeliverable
      ? t('ticket.undeliverable')
      : ticket.state === 'resolved' || ticket.state === 'bot'
        ? t('ticket.closed')
        : ticket.state === 'open' && !mine
          ? t('ticket.notYours')
          : '';
    notice.hidden = noticeText === '';
    notice.textContent = noticeText;
    notice.className = 'notice' + (ticket.undeliverable ? ' warn' : '');

    var colleagues = state.advisers
      .filter(function (a) {
        return a.username !== ticket.assignee;
      })
      .map(function (a) {
        return { value: a.username, label: a.name + ' (' + a.languages.join(', ') + ')' };
      });
    fillSelect($('transfer-to'), colleagues);
    $('transfer-row').hidden = colleagues.length === 0;
  }

  function act(path, body) {
    var id = state.ticket && state.ticket.id;
    if (!id) return Promise.resolve();
    return request('/console/api/tickets/' + encodeURIComponent(id) + '/' + path, { method: 'POST', body: body }).then(function (result) {
      if (result.status === 409) setStatus(t('errors.conflict'), 'warn');
      else if (result.status >= 400) setStatus(t('errors.generic') + ' (' + result.status + ')', 'warn');
      else setStatus('');
      return openTicket(id, true).then(loadQueue).then(function () {
        return result;
      });
    });
  }

  function sendReply(event) {
    event.preventDefault();
    var text = $('reply-text').value.trim();
    if (!text) return;
    $('send').disabled = true;
    act('reply', { text: text }).then(function (result) {
      $('send').disabled = false;
      if (result && result.status === 202) {
        $('reply-text').value = '';
        $('canned').value = '';
      }
    });
  }

  // ---- Live updates ----------------------------------------------------------------------------------------------

  function startEvents() {
    stopEvents();
    var source = new EventSource('/console/api/events');
    state.events = source;
    source.addEventListener('change', function (event) {
      var change = {};
      try {
        change = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      scheduleRefresh(change.ticketId);
    });
    source.onopen = function () {
      setStatus('');
      refreshAll();
    };
    source.onerror = function () {
      setStatus(t('errors.offline'), 'warn');
    };
  }

  function stopEvents() {
    if (state.events) state.events.close();
    state.events = null;
  }

  var pendingTickets = {};
  function scheduleRefresh(ticketId) {
    if (ticketId) pendingTickets[ticketId] = true;
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(function () {
      state.refreshTimer = 0;
      var touched = pendingTickets;
      pendingTickets = {};
      loadQueue();
      if (state.ticket && touched[state.ticket.id]) openTicket(state.ticket.id, true);
    }, 100);
  }

  // ---- Admin -----------------------------------------------------------------------------------------------------

  function loadAdmin() {
    loadAdvisers().then(renderAdvisers);
    request('/console/api/offers').then(function (result) {
      var list = $('offers');
      clear(list);
      if (result.status !== 200) return;
      if (!result.body.available) {
        $('offers-note').textContent = t('admin.offersUnavailable');
        return;
      }
      $('offers-note').textContent = result.body.offers.length === 0 ? t('admin.offersEmpty') : '';
      result.body.offers.forEach(function (offer) {
        var decide = function (decision) {
          return function () {
            request('/console/api/offers/' + encodeURIComponent(offer.id) + '/' + decision, { method: 'POST' }).then(loadAdmin);
          };
        };
        list.appendChild(
          el('li', { className: 'card' }, [
            el('p', { className: 'offer-title', dir: 'auto', text: offer.title }),
            el('p', { dir: 'auto', text: t('admin.employer') + ': ' + offer.employer + (offer.city ? ' · ' + offer.city : '') }),
            offer.description ? el('p', { dir: 'auto', text: offer.description }) : null,
            el('button', { type: 'button', className: 'primary', text: t('admin.approve'), onclick: decide('approve') }),
            el('button', { type: 'button', className: 'danger', text: t('admin.reject'), onclick: decide('reject') }),
          ]),
        );
      });
    });
  }

  function renderAdvisers() {
    var body = $('advisers');
    clear(body);
    state.advisers.forEach(function (adviser) {
      var remove =
        adviser.username === state.adviser.username
          ? null
          : el('button', {
              type: 'button',
              className: 'danger',
              text: t('admin.remove'),
              onclick: function () {
                if (!window.confirm(t('admin.removeConfirm', { name: adviser.name }))) return;
                request('/console/api/advisers/' + encodeURIComponent(adviser.username) + '/remove', { method: 'POST' }).then(loadAdmin);
              },
            });
      body.appendChild(
        el('tr', {}, [
          el('td', { dir: 'auto', text: adviser.name }),
          el('td', { text: adviser.username }),
          el('td', { text: t('admin.roles.' + adviser.role) }),
          el('td', { text: adviser.languages.join(', ') }),
          el('td', { text: adviser.cities.map(function (c) { return t('cities.' + c); }).join(', ') }),
          el('td', { text: adviser.topics.map(function (topic) { return t('topics.' + topic); }).join(', ') }),
          el('td', {}, [remove]),
        ]),
      );
    });
  }

  function checked(name) {
    return Array.prototype.map.call(document.querySelectorAll('input[name="' + name + '"]:checked'), function (input) {
      return input.value;
    });
  }

  function addAdviser(event) {
    event.preventDefault();
    var body = {
      username: $('new-username').value.trim().toLowerCase(),
      name: $('new-name').value.trim(),
      password: $('new-password').value,
      role: $('new-role').value,
      languages: checked('languages'),
      cities: checked('cities'),
      topics: checked('topics'),
    };
    request('/console/api/advisers', { method: 'POST', body: body }).then(function (result) {
      var out = $('add-adviser-result');
      if (result.status === 201) {
        out.textContent = t('admin.added', { name: result.body.name });
        $('add-adviser-form').reset();
        loadAdmin();
      } else {
        out.textContent = (result.body && result.body.error) || t('errors.generic');
      }
    });
  }

  // ---- Start -----------------------------------------------------------------------------------------------------

  function start() {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('tab-queue').addEventListener('click', function () {
      showTab('queue');
    });
    $('tab-admin').addEventListener('click', function () {
      showTab('admin');
    });
    $('back-to-queue').addEventListener('click', closeTicketPanel);
    $('take').addEventListener('click', function () {
      act('take');
    });
    $('reply-form').addEventListener('submit', sendReply);
    $('canned').addEventListener('change', function () {
      var chosen = state.canned.find(function (reply) {
        return reply.id === $('canned').value;
      });
      if (chosen) $('reply-text').value = chosen.text;
    });
    $('transfer').addEventListener('click', function () {
      var to = $('transfer-to').value;
      if (to) act('transfer', { to: to });
    });
    $('close').addEventListener('click', function () {
      act('close', { outcome: $('close-outcome').value });
    });
    $('add-adviser-form').addEventListener('submit', addAdviser);
    $('ui-language').addEventListener('change', function () {
      loadTexts($('ui-language').value);
    });
    // Waiting times move on without a reload.
    setInterval(function () {
      if (state.adviser) renderQueue();
    }, 30000);

    var saved = null;
    try {
      saved = localStorage.getItem('console.lng');
    } catch (error) {
      saved = null;
    }
    loadTexts(saved || (navigator.language || 'en').slice(0, 2))
      .then(function () {
        return request('/console/api/session');
      })
      .then(function (result) {
        if (result.body && result.body.signedIn) startDesk(result.body);
        else {
          state.csrf = (result.body && result.body.csrfToken) || '';
          $('sign-in').hidden = false;
        }
      })
      .catch(function () {
        setStatus(t('errors.generic'), 'warn');
      });
  }

  start();
})();
