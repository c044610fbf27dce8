// htmx requests do not go through Thymeleaf forms, so they get the CSRF token as a header instead.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// An expired session answers an htmx request with the sign-in page (or, when the account was
// changed, with HX-Redirect, which htmx follows itself); show that page whole
// instead of inside the results table or the sync flag button.
document.addEventListener('htmx:beforeSwap', (event) => {
  const answeredBy = new URL(event.detail.xhr.responseURL, window.location.href);
  if (answeredBy.pathname.endsWith('/login')) {
    event.detail.shouldSwap = false;
    window.location.assign(answeredBy.href);
  }
});

// htmx swaps nothing for error statuses. A 409 from Koppel is an answer meant for the page
// (Sync now while a run is under way, say), so show it where the request said.
document.addEventListener('htmx:beforeSwap', (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Sync now tells the progress panel to start polling. A listener here rather than hx-on in the
// page: hx-on is evaluated code, which the Content-Security-Policy (no eval) does not allow.
document.addEventListener('htmx:beforeRequest', (event) => {
  if (event.detail.elt && event.detail.elt.id === 'sync-now') {
    htmx.trigger(document.body, 'sync-started');
  }
});

// The relation picker of the appointment and task forms: a chosen relation's number goes into the
// form's input (appended to a list, or replacing a single one), and the choices close.
document.addEventListener('click', (event) => {
  const choice = event.target.closest('[data-add-relation]');
  if (!choice) return;
  const input = document.getElementById(choice.dataset.target);
  if (!input) return;
  const id = choice.dataset.addRelation;
  if (input.id === 'relationIds') {
    const ids = input.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (!ids.includes(id)) ids.push(id);
    input.value = ids.join(', ');
  } else {
    input.value = id;
  }
  const list = choice.closest('ul');
  if (list) list.replaceChildren();
  input.focus();
});

// relations: a contact role's organisation picked from the search results fills the row's hidden number
// and the visible name; typing a new name forgets the number until one is picked. Remove buttons
// take their row out of the form, so it is not sent.
document.addEventListener('click', (event) => {
  const pick = event.target.closest('[data-pick-organisation]');
  if (pick) {
    const row = pick.dataset.row;
    const id = document.getElementById('contactRoles[' + row + '].organisationId');
    const name = document.getElementById('contactRoles[' + row + '].organisationName');
    if (id) id.value = pick.dataset.pickOrganisation;
    if (name) { name.value = pick.dataset.name; name.focus(); }
    const list = pick.closest('ul');
    if (list) list.replaceChildren();
    return;
  }
  const remove = event.target.closest('[data-remove-row]');
  if (remove) {
    const row = remove.closest('.row');
    if (row) row.remove();
  }
});
document.addEventListener('input', (event) => {
  const name = event.target.closest('[data-organisation-name]');
  if (!name) return;
  const id = document.getElementById('contactRoles[' + name.dataset.organisationName + '].organisationId');
  if (id) id.value = '';
});

// relations: a page that comes back with an error summary puts the focus on it, so a screen reader
// reads what went wrong first (a stand-in until the shell's layout does this for every page).
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});
