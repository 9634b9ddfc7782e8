// Tributary ops dashboard. Plain ES2020, no dependencies: the page is served offline by the status-service.
// Every string from the API goes into the DOM through textContent or setAttribute, never through innerHTML.
'use strict';

(() => {
  const KEY_NAME = 'tributary.apiKey';
  const PAGE_SIZE = 50;
  const STREAM_IDLE_MS = 45000; // keep-alives arrive every ~15 s; three missed ones mean a dead connection
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 30000;

  const $ = (id) => document.getElementById(id);
  const tbody = $('integrations').tBodies[0];

  const state = {
    filters: { status: '', type: '', q: '' },
    offset: 0,
    total: 0,
    items: [],
    detailId: null,
    detailShown: null, // id whose data is currently rendered in the drawer
    mayValidate: false, // the key may ask the gateway to validate now (APPLICATION_ADMIN), as dashboard/session says
    validateNote: null, // { id, text, tone }: the last validate-now answer, shown in the drawer
    // the drawer's timeline: the document's latest entries, and the older pages loaded with "Older entries"
    timeline: { id: null, latest: [], older: [], next: null, loading: false },
  };

  // ---------- small helpers ----------

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const present = (value) => value != null && value !== '';
  const pad2 = (n) => String(n).padStart(2, '0');

  // "45s", "2m 05s", "1h 04m", "3d 2h"
  function formatDuration(totalSeconds) {
    const s = Math.max(0, Math.floor(totalSeconds));
    if (s < 60) return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m ${pad2(s % 60)}s`;
    const hr = Math.floor(m / 60);
    if (hr < 24) return `${hr}h ${pad2(m % 60)}m`;
    return `${Math.floor(hr / 24)}d ${hr % 24}h`;
  }

  // data-since holds either an ISO timestamp or epoch milliseconds
  function sinceMs(value) {
    const n = Number(value);
    return Number.isFinite(n) && value !== '' ? n : Date.parse(value);
  }

  function secondsSince(value) {
    const t = sinceMs(value);
    return Number.isNaN(t) ? null : (Date.now() - t) / 1000;
  }

  const dateFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });

  function formatTime(iso) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? String(iso ?? '') : dateFormat.format(t);
  }

  // A relative time ("12s ago") that the ticker keeps current.
  function ago(iso) {
    if (!present(iso)) return h('span', { class: 'muted' }, '—');
    const secs = secondsSince(iso);
    return h('time', { datetime: iso, title: formatTime(iso), dataset: { ago: iso } },
      secs == null ? String(iso) : `${formatDuration(secs)} ago`);
  }

  // An elapsed duration ("2m 05s") that the ticker keeps current.
  function age(since) {
    const secs = secondsSince(since);
    return h('span', { class: 'age', dataset: { since: String(since) } }, secs == null ? '' : formatDuration(secs));
  }

  function tick() {
    for (const node of document.querySelectorAll('[data-ago]')) {
      const secs = secondsSince(node.dataset.ago);
      if (secs != null) node.textContent = `${formatDuration(secs)} ago`;
    }
    for (const node of document.querySelectorAll('[data-since]')) {
      const secs = secondsSince(node.dataset.since);
      if (secs != null) node.textContent = formatDuration(secs);
    }
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  // Runs fn at most once per gap, always trailing, so a burst of events costs one request and never starves.
  function coalesce(fn, gapMs) {
    let timer = null;
    let last = 0;
    return () => {
      if (timer) return;
      const wait = Math.max(0, last + gapMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fn();
      }, wait);
    };
  }

  // ---------- badges ----------

  const BUSY = new Set(['creating', 'editing', 'deleting', 'migrating']);

  function statusTone(status) {
    if (status === 'enabled') return 'ok';
    if (BUSY.has(status)) return 'busy';
    if (status === 'recurringValidationError') return 'warn';
    if (/Error$/.test(status || '')) return 'error';
    return 'muted'; // deleted, disabled, anything unknown
  }

  function outcomeTone(value) {
    const v = String(value || '').toLowerCase();
    if (/fail|error|reject/.test(v)) return 'error';
    // script-pending: a manual integration still has to run a script; needs_attention: RDS waits for a person
    if (/warn|pending|attention/.test(v)) return 'warn';
    if (/skip|cancel/.test(v)) return 'muted';
    if (/pass|succe|ok|complete|done|applied|active/.test(v)) return 'ok';
    // a data source whose view is on its way; a zero-ETL integration RDS is working on
    if (/creating|deleting|modifying|syncing/.test(v)) return 'busy';
    return 'muted'; // superseded, deleted, anything unknown
  }

  function badge(text, tone, title) {
    return h('span', { class: `badge tone-${tone}`, title }, text ?? '');
  }

  const statusBadge = (status, title) => badge(status, statusTone(status), title);

  // ---------- API key ----------

  function getKey() {
    try { return sessionStorage.getItem(KEY_NAME); } catch { return null; }
  }
  function setKey(key) {
    try { sessionStorage.setItem(KEY_NAME, key); } catch { /* storage disabled: the key lives only until reload */ }
  }
  function clearKey() {
    try { sessionStorage.removeItem(KEY_NAME); } catch { /* nothing stored */ }
  }

  // ---------- API ----------

  class ApiError extends Error {
    constructor(status, message, retryAfter) {
      super(message);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  function retryAfterSeconds(response) {
    const header = response.headers.get('Retry-After');
    if (!header) return 5;
    const n = Number(header);
    const secs = Number.isFinite(n) ? n : (Date.parse(header) - Date.now()) / 1000;
    return Math.min(60, Math.max(1, Math.round(secs) || 5));
  }

  // Relative paths keep the page working behind a path prefix.
  async function api(path, options = {}) {
    const key = getKey();
    if (!key) throw new ApiError(401, 'Not signed in.');
    let response;
    try {
      response = await fetch(path, {
        method: options.method || 'GET',
        headers: { Accept: 'application/json', ...options.headers, Authorization: `Bearer ${key}` },
        signal: options.signal,
        cache: 'no-store',
      });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError(0, 'Cannot reach the status service.', 5);
    }
    if (response.ok) return response;

    const body = await response.json().catch(() => null);
    const message = body?.message || `${response.status} ${response.statusText}`.trim();
    // A stale request made with an older key must not sign out the key just entered.
    if ((response.status === 401 || response.status === 403) && getKey() === key) signOut(message);
    throw new ApiError(response.status, message, retryAfterSeconds(response));
  }

  const getJson = async (path) => (await api(path)).json();

  // ---------- banner and retries ----------

  const bannerMessages = new Map(); // one message per source, so one recovery does not hide another failure
  const retryTimers = new Map();

  function renderBanner() {
    const banner = $('banner');
    const unique = [...new Set(bannerMessages.values())];
    banner.replaceChildren(...unique.map((text) => h('p', null, text)));
    banner.hidden = unique.length === 0;
  }

  function setBanner(source, text) {
    bannerMessages.set(source, text);
    renderBanner();
  }

  function clearBanner(source) {
    if (bannerMessages.delete(source)) renderBanner();
  }

  function handleFailure(source, err, retry) {
    if (err.name === 'AbortError') return;
    if (err.status === 401 || err.status === 403) return; // the sign-in form is already up
    if (err.status === 0 || err.status >= 500) {
      const secs = err.retryAfter || 5;
      setBanner(source, `${err.message} Retrying in ${secs} s.`);
      if (!retryTimers.has(source)) {
        retryTimers.set(source, setTimeout(() => {
          retryTimers.delete(source);
          if (getKey()) retry();
        }, secs * 1000));
      }
      return;
    }
    setBanner(source, err.message);
  }

  function clearRetries() {
    for (const timer of retryTimers.values()) clearTimeout(timer);
    retryTimers.clear();
    bannerMessages.clear();
    renderBanner();
  }

  // ---------- summary ----------

  let summarySeq = 0;

  async function loadSummary() {
    if (!getKey()) return;
    const seq = ++summarySeq;
    try {
      const summary = await getJson('summary');
      if (seq !== summarySeq) return;
      clearBanner('summary');
      renderSummary(summary);
    } catch (err) {
      if (seq === summarySeq) handleFailure('summary', err, loadSummary);
    }
  }

  const scheduleSummary = coalesce(loadSummary, 1000);

  const STATUS_ORDER = Array.from($('status-filter').options, (o) => o.value).filter(Boolean);

  function renderSummary(summary) {
    const byStatus = summary.byStatus || {};
    const total = Object.values(byStatus).reduce((sum, n) => sum + (Number(n) || 0), 0);
    const statuses = [
      ...STATUS_ORDER.filter((s) => s in byStatus),
      ...Object.keys(byStatus).filter((s) => !STATUS_ORDER.includes(s)),
    ];

    const filterCard = (label, value, status, tone) => h('button', {
      type: 'button',
      class: `card tone-${tone}${state.filters.status === status ? ' is-active' : ''}`,
      dataset: { status },
      title: status ? `Show only ${status}` : 'Show all statuses',
    }, h('span', { class: 'card-label' }, label), h('span', { class: 'card-value' }, String(value)));

    const cards = [filterCard('All', total, '', 'accent')];
    for (const status of statuses) cards.push(filterCard(status, byStatus[status], status, statusTone(status)));

    const inFlight = Number(summary.operationsInFlight) || 0;
    cards.push(h('div', { class: `card tone-${inFlight ? 'busy' : 'muted'}` },
      h('span', { class: 'card-label' }, 'Operations in flight'),
      h('span', { class: 'card-value' }, String(inFlight))));

    const oldestId = summary.oldestOperationIntegrationId;
    if (summary.oldestOperationAgeSeconds != null && present(oldestId)) {
      // The server gives an age; turning it into a start time lets the ticker keep it current.
      const startedAt = Date.now() - Number(summary.oldestOperationAgeSeconds) * 1000;
      const href = `#/integrations/${encodeURIComponent(oldestId)}`;
      cards.push(h('div', { class: 'card tone-busy' },
        h('span', { class: 'card-label' }, 'Oldest operation'),
        h('a', { class: 'card-value', href, title: `Open integration ${oldestId}` }, age(startedAt)),
        h('a', { class: 'card-sub', href }, `integration ${oldestId}`)));
    } else {
      cards.push(h('div', { class: 'card tone-muted' },
        h('span', { class: 'card-label' }, 'Oldest operation'),
        h('span', { class: 'card-value muted' }, '—'),
        h('span', { class: 'card-sub' }, 'nothing in flight')));
    }
    $('summary').replaceChildren(...cards);
  }

  // ---------- list ----------

  let listSeq = 0;

  async function loadList() {
    if (!getKey()) return;
    const seq = ++listSeq;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
    params.set('limit', PAGE_SIZE);
    params.set('offset', state.offset);
    try {
      const page = await getJson(`integrations?${params}`);
      if (seq !== listSeq) return;
      clearBanner('list');
      let items;
      let total;
      if (Array.isArray(page)) {
        // An unpaged answer: page it here.
        total = page.length;
        items = page.slice(state.offset, state.offset + PAGE_SIZE);
      } else {
        items = page.items || [];
        total = Number(page.total ?? items.length);
      }
      // The page may have emptied under us (rows deleted, filters narrowed): step back to the last page.
      if (items.length === 0 && state.offset > 0 && total > 0) {
        state.offset = Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE;
        loadList();
        return;
      }
      state.items = items;
      state.total = total;
      renderTable();
    } catch (err) {
      if (seq === listSeq) handleFailure('list', err, loadList);
    }
  }

  const scheduleList = coalesce(loadList, 500);

  function renderRow(view) {
    const id = String(view.id);
    const op = view.currentOperation;
    return h('tr', { dataset: { id }, tabindex: 0, class: id === state.detailId ? 'is-selected' : null },
      h('td', { class: 'mono' }, id),
      h('td', null, view.type ?? ''),
      h('td', { class: 'target mono', title: view.target }, view.target ?? ''),
      h('td', { class: 'status' }, statusBadge(view.status, view.message)),
      h('td', null, present(view.providerStatus) ? view.providerStatus : h('span', { class: 'muted' }, '—')),
      h('td', { title: op?.operationId },
        op ? [h('span', { class: 'op-name' }, op.operation ?? ''), ' · ', age(op.startedAt)]
          : h('span', { class: 'muted' }, '—')),
      h('td', null, ago(view.updatedAt)),
      h('td', { class: 'error', title: view.lastError }, view.lastError ?? ''));
  }

  function renderTable() {
    const rows = state.items.map(renderRow);
    if (rows.length === 0) {
      const filtered = Object.values(state.filters).some(Boolean);
      rows.push(h('tr', null, h('td', { class: 'empty', colspan: 8 },
        filtered ? 'No integrations match these filters.' : 'No integrations yet.')));
    }
    tbody.replaceChildren(...rows);

    const first = state.items.length ? state.offset + 1 : 0;
    const last = state.offset + state.items.length;
    $('page-info').textContent = state.total ? `rows ${first}–${last} of ${state.total}` : 'no rows';
    $('prev-page').disabled = state.offset === 0;
    $('next-page').disabled = last >= state.total;
  }

  function findRow(id) {
    return Array.from(tbody.rows).find((row) => row.dataset.id === id);
  }

  // Only status and type can be judged here; the search text is the server's business.
  function matchesFilters(view) {
    const { status, type } = state.filters;
    return (!status || view.status === status) && (!type || view.type === type);
  }

  function setFilter(name, value) {
    if (state.filters[name] === value) return;
    state.filters[name] = value;
    state.offset = 0;
    loadList();
    // Highlight the summary card matching the status filter.
    for (const card of $('summary').querySelectorAll('button.card')) {
      card.classList.toggle('is-active', card.dataset.status === state.filters.status);
    }
  }

  // ---------- detail ----------

  let detailSeq = 0;

  function openDetail(id) {
    state.detailId = id;
    $('detail').hidden = false;
    for (const row of tbody.rows) row.classList.toggle('is-selected', row.dataset.id === id);
    if (state.detailShown !== id) {
      $('detail-title').textContent = `Integration ${id}`;
      $('detail-body').replaceChildren(h('p', { class: 'placeholder' }, 'Loading…'));
    }
    loadDetail();
  }

  function closeDetail() {
    state.detailId = null;
    state.detailShown = null;
    detailSeq++; // drop any answer still in flight
    state.timeline = { id: null, latest: [], older: [], next: null, loading: false };
    clearBanner('detail');
    $('detail').hidden = true;
    for (const row of tbody.rows) row.classList.remove('is-selected');
  }

  async function loadDetail() {
    const id = state.detailId;
    if (id == null || !getKey()) return;
    const seq = ++detailSeq;
    try {
      const view = await getJson(`integrations/${encodeURIComponent(id)}`);
      if (seq !== detailSeq) return;
      clearBanner('detail');
      renderDetail(view);
    } catch (err) {
      if (seq !== detailSeq) return;
      if (err.status === 404) {
        clearBanner('detail');
        state.detailShown = null;
        $('detail-body').replaceChildren(h('p', { class: 'placeholder' }, err.message));
        return;
      }
      handleFailure('detail', err, loadDetail);
    }
  }

  const scheduleDetail = coalesce(loadDetail, 300);

  const KNOWN_FIELDS = new Set(['id', 'type', 'target', 'status', 'databaseMode', 'message', 'autoBootstrap', 'validationResults',
    'config', 'currentOperation', 'providerStatus', 'providerErrors', 'providerCreateTime', 'integrationArn',
    'supportObjectsVersion', 'lastError', 'updatedAt', 'lastCheckedAt', 'dataSources', 'timeline', 'olderTimeline']);

  // ---------- validate now ----------

  // A check moves only an idle integration between these; the gateway refuses (409) the rest anyway.
  const CHECKABLE = new Set(['enabled', 'recurringValidationError', 'migrateError']);
  // The types the gateway checks on request, and what its check does.
  const VALIDATES = new Map([
    ['Redshift', 'Run the validation now as the system account'],
    ['ZeroETL', 'Ask RDS now how the integration is'],
  ]);

  async function loadSession() {
    try {
      state.mayValidate = Boolean((await getJson('dashboard/session')).mayValidate);
    } catch {
      state.mayValidate = false; // the action stays hidden; reading is unaffected
    }
  }

  // The status-service passes the request on to the gateway with this key; the page knows no gateway address.
  async function validateNow(id, button) {
    button.disabled = true;
    button.textContent = 'Validating…';
    let note;
    try {
      const response = await api(`dashboard/integrations/${encodeURIComponent(id)}/validate`, { method: 'POST' });
      const answer = await response.json();
      const outcome = answer.validationResults?.status;
      note = response.status === 202
        ? { text: answer.message || 'The check has not finished yet.', tone: 'muted' }
        : { text: `Validation ${outcome ?? 'done'}: ${answer.status}${answer.message ? ` — ${answer.message}` : ''}`,
          tone: outcome === 'passed' ? 'ok' : 'error' };
    } catch (err) {
      note = { text: err.message, tone: 'error' };
    }
    state.validateNote = { id, ...note };
    loadDetail();
  }

  const json = (value) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));

  function renderDetail(view) {
    const id = String(view.id ?? state.detailId);
    state.detailShown = id;
    $('detail-title').textContent = `Integration ${id}`;

    const fields = [];
    const field = (label, value, cls) => fields.push(h('dt', null, label), h('dd', { class: cls }, value));
    const dash = () => h('span', { class: 'muted' }, '—');

    field('ID', h('span', { class: 'mono' }, id));
    field('Type', view.type ?? dash());
    field('Target', present(view.target) ? h('span', { class: 'mono' }, view.target) : dash());
    field('Status', statusBadge(view.status));
    field('Status message', present(view.message) ? view.message : dash(), 'pre');
    field('Provider status', present(view.providerStatus) ? badge(view.providerStatus, outcomeTone(view.providerStatus)) : dash());
    if (view.type === 'ZeroETL' || Array.isArray(view.providerErrors)) {
      // RDS's Errors, each its code and message: the code is what its documentation and support go by
      const errors = Array.isArray(view.providerErrors) ? view.providerErrors : [];
      field('Provider errors', errors.length
        ? h('ul', { id: 'provider-errors', class: 'provider-errors' }, errors.map((error) => h('li', null,
          h('span', { class: 'mono' }, error?.code ?? ''), present(error?.message) ? ` — ${error.message}` : '')))
        : dash());
      field('Created in RDS', present(view.providerCreateTime)
        ? [formatTime(view.providerCreateTime), ' (', ago(view.providerCreateTime), ')'] : dash());
    }
    field('Integration ARN', present(view.integrationArn) ? h('span', { class: 'mono' }, view.integrationArn) : dash());
    field('Auto bootstrap', view.autoBootstrap == null ? dash() : (view.autoBootstrap ? 'yes' : 'no'));
    field('Database mode', view.databaseMode === 'singleDatabase' ? 'single-database (an existing database)'
      : view.databaseMode === 'multiDatabase' ? 'multi-database (a database of its own)' : dash());
    field('Support objects', view.supportObjectsVersion == null ? dash() : `version ${view.supportObjectsVersion}`);
    const op = view.currentOperation;
    field('Current operation', op
      ? [h('span', { class: 'op-name' }, op.operation ?? ''), ' · running for ', age(op.startedAt),
        h('div', { class: 'muted' }, `started ${formatTime(op.startedAt)}`),
        h('div', { class: 'mono muted' }, op.operationId ?? '')]
      : dash());
    field('Last error', present(view.lastError) ? view.lastError : dash(), 'pre');
    field('Updated', present(view.updatedAt) ? [formatTime(view.updatedAt), ' (', ago(view.updatedAt), ')'] : dash());
    // a check that finds nothing new adds no timeline entry: this is where it shows
    field('Last checked', present(view.lastCheckedAt) ? [formatTime(view.lastCheckedAt), ' (', ago(view.lastCheckedAt), ')'] : dash());
    // Fields this page does not know yet still show up.
    for (const [name, value] of Object.entries(view)) {
      if (KNOWN_FIELDS.has(name) || value == null) continue;
      field(name, typeof value === 'object' ? json(value) : String(value), 'pre');
    }

    const sections = [];
    if (state.mayValidate && VALIDATES.has(view.type)) {
      const idle = CHECKABLE.has(view.status) && !view.currentOperation;
      const button = h('button', {
        type: 'button', id: 'validate-now', class: 'btn btn-primary', disabled: !idle,
        title: idle ? VALIDATES.get(view.type) : `Not while ${view.status}`,
      }, 'Validate now');
      button.addEventListener('click', () => validateNow(id, button));
      const note = state.validateNote?.id === id ? state.validateNote : null;
      sections.push(h('div', { class: 'detail-actions' }, button,
        note ? h('p', { id: 'validate-result', class: `callout tone-${note.tone}` }, note.text) : null));
    }
    if (present(view.message)) {
      sections.push(h('p', { class: `callout tone-${statusTone(view.status) === 'error' ? 'error' : 'muted'}` },
        view.message));
    }
    sections.push(h('h3', null, 'Fields'), h('dl', { class: 'fields' }, fields));
    sections.push(...renderValidation(view.validationResults));
    if (view.type === 'Redshift' || (Array.isArray(view.dataSources) && view.dataSources.length)) {
      sections.push(...renderDataSources(view.dataSources));
    }
    sections.push(h('h3', null, 'Configuration'), view.config != null ? json(view.config) : h('p', { class: 'muted' }, 'none'));
    followTimeline(id, view);
    sections.push(...renderTimeline(id));

    // Keep the reader's place when a live update re-renders the drawer.
    const body = $('detail-body');
    const scroll = body.scrollTop;
    body.replaceChildren(...sections);
    body.scrollTop = scroll;
  }

  function renderValidation(results) {
    const heading = h('h3', null, 'Validation');
    if (!results) return [heading, h('p', { class: 'muted' }, 'No validation results.')];
    if (results.status) heading.append(badge(results.status, outcomeTone(results.status)));
    const tests = results.validationTests || [];
    if (tests.length === 0) return [heading, h('p', { class: 'muted' }, 'No validation tests.')];
    const rows = tests.map((test) => {
      const detail = Array.isArray(test.result) && test.result.length
        ? h('details', null, h('summary', null, 'result'), json(test.result)) : null;
      return h('tr', null,
        h('td', null, test.name ?? ''),
        h('td', null, badge(test.status, outcomeTone(test.status))),
        h('td', null, present(test.message) ? test.message : '', detail));
    });
    return [heading, h('table', { class: 'subtable' },
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Status'), h('th', null, 'Message'))),
      h('tbody', null, rows))];
  }

  // The tables governed through views, each with the policies that shape what its readers see.
  function renderDataSources(dataSources) {
    const heading = h('h3', null, 'Data sources');
    if (!Array.isArray(dataSources) || dataSources.length === 0) {
      return [heading, h('p', { class: 'muted' }, 'No data sources.')];
    }
    const dotted = (...parts) => parts.filter(present).join('.');
    const rows = dataSources.map((source) => {
      const policies = Array.isArray(source.policies) ? source.policies : [];
      return h('tr', { dataset: { dataSource: source.id } },
        h('td', null, h('span', { class: 'mono' }, dotted(source.view?.schema, source.view?.name))),
        h('td', null, h('span', { class: 'mono', title: `data source ${source.id}` },
          dotted(source.database, source.schema, source.table))),
        h('td', null, badge(source.status, outcomeTone(source.status))),
        h('td', null, policies.length
          ? h('ul', { class: 'ds-policies' }, policies.map((policy) => h('li', { title: `policy ${policy.id}` }, policy.name ?? '')))
          : h('span', { class: 'muted' }, 'none')),
        h('td', null, present(source.message) ? source.message : ''));
    });
    return [heading, h('table', { class: 'subtable', id: 'data-sources' },
      h('thead', null, h('tr', null, h('th', null, 'View'), h('th', null, 'Table'), h('th', null, 'Status'),
        h('th', null, 'Policies'), h('th', null, 'Message'))),
      h('tbody', null, rows))];
  }

  function timelineTone(entry) {
    if (present(entry.outcome)) return outcomeTone(entry.outcome);
    if (entry.type === 'OperationFailed') return 'error';
    if (entry.type === 'OperationSucceeded') return 'ok';
    if (entry.type === 'OperationStarted') return 'busy';
    return 'muted';
  }

  const entryKey = (entry) => JSON.stringify(entry);

  // The document carries the latest entries; the older pages the reader loaded stay while the drawer shows the same
  // integration. Entries that new events push out of the latest ones join the older ones, so nothing goes missing.
  function followTimeline(id, view) {
    const latest = Array.isArray(view.timeline) ? view.timeline : [];
    const tl = state.timeline;
    if (tl.id !== id) {
      state.timeline = { id, latest, older: [], next: view.olderTimeline ?? null, loading: false };
      return;
    }
    if (tl.older.length === 0) {
      tl.next = view.olderTimeline ?? null;
    } else {
      const kept = new Set(latest.map(entryKey));
      tl.older.push(...tl.latest.filter((entry) => !kept.has(entryKey(entry))));
    }
    tl.latest = latest;
  }

  async function loadOlder(id) {
    const tl = state.timeline;
    if (tl.id !== id || !tl.next || tl.loading) return;
    tl.loading = true;
    try {
      // the link is the API's own path; asked relative to the page, as every other call is
      const page = await getJson(tl.next.replace(/^\//, ''));
      if (state.timeline !== tl) return;
      tl.older.unshift(...(Array.isArray(page.entries) ? page.entries : []));
      tl.next = page.older ?? null;
      clearBanner('timeline');
    } catch (err) {
      if (state.timeline === tl) handleFailure('timeline', err, () => loadOlder(id));
    } finally {
      tl.loading = false;
    }
    if (state.detailShown === id) scheduleDetail();
  }

  function renderTimeline(id) {
    const heading = h('h3', null, 'Timeline', h('span', { class: 'muted' }, '(newest first)'));
    const tl = state.timeline;
    const timeline = [...tl.older, ...tl.latest];
    if (timeline.length === 0) return [heading, h('p', { class: 'muted' }, 'No events yet.')];
    // The API lists oldest first; the latest event is what an operator looks for.
    const items = timeline.reverse().map((entry) => {
      // A governance step's detail is what it changed (a view, or users' names): it reads as the step's object.
      const subject = entry.operation === 'govern' && entry.type === 'StepCompleted' && present(entry.message)
        ? entry.message : null;
      return h('li', { class: `tl-item tone-${timelineTone(entry)}` },
        h('div', { class: 'tl-time' }, h('time', { datetime: entry.occurredAt, title: entry.occurredAt }, formatTime(entry.occurredAt))),
        h('div', { class: 'tl-head' },
          h('span', { class: 'tl-type' }, entry.type ?? ''),
          present(entry.operation) ? h('span', { class: 'chip', title: entry.operationId }, entry.operation) : null,
          present(entry.step) ? h('span', { class: 'chip' }, entry.step) : null,
          subject ? h('span', { class: 'tl-subject mono' }, subject) : null,
          present(entry.outcome) ? badge(entry.outcome, outcomeTone(entry.outcome)) : null,
          entry.durationMs != null ? h('span', { class: 'tl-duration' }, `${Number(entry.durationMs).toLocaleString()} ms`) : null),
        present(entry.message) && !subject ? h('p', { class: 'tl-msg' }, entry.message) : null);
    });
    const sections = [heading, h('ol', { class: 'timeline' }, items)];
    if (tl.next) {
      const button = h('button', { type: 'button', id: 'timeline-older', class: 'btn', disabled: tl.loading }, 'Older entries');
      button.addEventListener('click', () => {
        button.disabled = true;
        loadOlder(id);
      });
      sections.push(button);
    }
    return sections;
  }

  // ---------- routing ----------

  function route() {
    const match = location.hash.match(/^#\/integrations\/([^/?#]+)\/?$/);
    if (!match) {
      closeDetail();
      return;
    }
    let id;
    try { id = decodeURIComponent(match[1]); } catch { id = match[1]; }
    if (getKey()) openDetail(id);
  }

  function showIntegration(id) {
    const hash = `#/integrations/${encodeURIComponent(id)}`;
    if (location.hash === hash) route();
    else location.hash = hash; // hashchange does the rest
  }

  function dismissDetail() {
    // pushState drops the hash without leaving a bare "#" and without firing hashchange.
    if (location.hash) history.pushState(null, '', location.pathname + location.search);
    closeDetail();
  }

  // ---------- live stream ----------

  // Parses the text/event-stream format; chunks may split lines and events anywhere.
  function createSseParser(dispatch) {
    let buffer = '';
    let type = '';
    let data = [];
    let lastId = '';

    function processLine(line) {
      if (line === '') {
        if (data.length) dispatch({ type: type || 'message', data: data.join('\n'), id: lastId });
        type = '';
        data = [];
        return;
      }
      if (line.startsWith(':')) return; // a comment, such as the keep-alive
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (name === 'event') type = value;
      else if (name === 'data') data.push(value);
      else if (name === 'id' && !value.includes('\0')) lastId = value;
      // "retry" and unknown fields are ignored: reconnection uses its own backoff
    }

    return {
      push(text) {
        buffer += text;
        let start = 0;
        for (let i = 0; i < buffer.length; i++) {
          const c = buffer[i];
          if (c !== '\n' && c !== '\r') continue;
          // A trailing CR may be the first half of a CRLF that the next chunk completes.
          if (c === '\r' && i === buffer.length - 1) break;
          processLine(buffer.slice(start, i));
          if (c === '\r' && buffer[i + 1] === '\n') i++;
          start = i + 1;
        }
        buffer = buffer.slice(start);
      },
    };
  }

  const live = { controller: null, backoff: BACKOFF_MIN_MS, timer: null, watchdog: null, connectedBefore: false };

  function setLive(mode) {
    const indicator = $('live');
    indicator.hidden = mode === 'off';
    indicator.textContent = mode === 'live' ? 'live' : 'reconnecting…';
    indicator.classList.toggle('is-live', mode === 'live');
    indicator.classList.toggle('is-down', mode === 'down');
  }

  function startStream() {
    stopStream();
    live.backoff = BACKOFF_MIN_MS;
    live.connectedBefore = false;
    connect();
  }

  function stopStream() {
    const controller = live.controller;
    live.controller = null; // marks the abort below as deliberate
    controller?.abort();
    clearTimeout(live.timer);
    clearTimeout(live.watchdog);
    setLive('off');
  }

  function armWatchdog(controller) {
    clearTimeout(live.watchdog);
    live.watchdog = setTimeout(() => controller.abort(), STREAM_IDLE_MS);
  }

  async function connect() {
    const controller = new AbortController();
    live.controller = controller;
    setLive('down');
    armWatchdog(controller);
    try {
      const response = await api('stream', { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
      if (!response.body) throw new Error('The stream has no body.');
      setLive('live');
      if (live.connectedBefore) catchUp(); // changes may have been missed while disconnected
      live.connectedBefore = true;

      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = createSseParser(onStreamEvent);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        armWatchdog(controller);
        live.backoff = BACKOFF_MIN_MS; // data flows, so the next failure starts over from a short wait
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      if (err.status === 401 || err.status === 403) return; // signed out; the form is showing
    }
    if (live.controller !== controller) return; // stopped on purpose
    clearTimeout(live.watchdog);
    setLive('down');
    const delay = live.backoff;
    live.backoff = Math.min(live.backoff * 2, BACKOFF_MAX_MS);
    live.timer = setTimeout(connect, delay);
  }

  function catchUp() {
    loadList();
    loadSummary();
    if (state.detailId != null) loadDetail();
  }

  function onStreamEvent(event) {
    if (event.type !== 'change') return;
    let change;
    try { change = JSON.parse(event.data); } catch { return; }
    applyChange(change || {});
  }

  function applyChange({ event, integration }) {
    const id = String(integration?.id ?? event?.integrationId ?? '');
    if (!id) return;
    scheduleSummary();
    if (id === state.detailId) scheduleDetail();

    const index = state.items.findIndex((view) => String(view.id) === id);
    if (index >= 0) {
      if (integration && matchesFilters(integration)) {
        state.items[index] = integration;
        const row = renderRow(integration);
        row.classList.add('flash');
        const old = findRow(id);
        if (old) {
          const hadFocus = document.activeElement === old;
          old.replaceWith(row);
          if (hadFocus) row.focus();
        } else {
          renderTable();
        }
      } else {
        scheduleList(); // it left this page: gone, or no longer matching the filters
      }
    } else if (integration && matchesFilters(integration)) {
      scheduleList(); // it may belong on this page; the server knows where
    }
  }

  // ---------- sign-in ----------

  function showSignIn(message) {
    $('app').hidden = true;
    $('detail').hidden = true;
    $('sign-out').hidden = true;
    $('signin').hidden = false;
    $('sign-in-message').textContent = message || '';
    $('api-key').value = '';
    $('api-key').focus();
  }

  function signOut(message) {
    clearKey();
    stopStream();
    clearRetries();
    listSeq++;
    summarySeq++;
    detailSeq++;
    state.items = [];
    state.total = 0;
    state.detailShown = null;
    tbody.replaceChildren();
    $('summary').replaceChildren();
    showSignIn(message);
  }

  function start() {
    $('signin').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    tbody.replaceChildren(h('tr', null, h('td', { class: 'empty', colspan: 8 }, 'Loading…')));
    state.validateNote = null;
    loadSession().then(() => { if (state.detailShown != null) loadDetail(); });
    loadSummary();
    loadList();
    startStream();
    route(); // a shared #/integrations/{id} link opens its detail
  }

  // ---------- wiring ----------

  $('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) {
      $('sign-in-message').textContent = 'Enter an API key.';
      return;
    }
    setKey(key);
    $('api-key').value = '';
    start();
  });

  $('sign-out').addEventListener('click', (e) => {
    e.preventDefault();
    signOut('Signed out.');
  });

  $('status-filter').addEventListener('change', (e) => setFilter('status', e.target.value));
  $('type-filter').addEventListener('change', (e) => setFilter('type', e.target.value));
  const onSearch = debounce(() => setFilter('q', $('search').value.trim()), 250);
  $('search').addEventListener('input', onSearch);

  $('summary').addEventListener('click', (e) => {
    const card = e.target.closest('button.card');
    if (!card) return;
    $('status-filter').value = card.dataset.status;
    setFilter('status', card.dataset.status);
  });

  $('prev-page').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadList();
  });
  $('next-page').addEventListener('click', () => {
    if (state.offset + PAGE_SIZE < state.total) {
      state.offset += PAGE_SIZE;
      loadList();
    }
  });

  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (row) showIntegration(row.dataset.id);
  });
  tbody.addEventListener('keydown', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      showIntegration(row.dataset.id);
    }
  });

  $('detail-close').addEventListener('click', dismissDetail);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('detail').hidden) dismissDetail();
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('popstate', route);

  setInterval(tick, 1000);

  if (getKey()) start();
  else showSignIn();
})();
