// Users (admin): who may sign in and with which role; add, change role, disable, reset a password,
// delete. Below them, the server's run-time switches (terminal access). Every change is audited by
// the server, which also refuses what would lock everyone out (the last admin).

import { api } from '../api.js';
import { auth } from '../auth.js';
import { debounce, h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { confirmAction, toast } from '../notify.js';

const ROLES = ['viewer', 'operator', 'admin'];
/** The server's default minimum (it checks, and says so when a password is shorter than it wants). */
const MIN_PASSWORD = 10;

export function mount(root) {
  const filter = h('input', { class: 'form-control', type: 'search', placeholder: 'filter by name or role', 'aria-label': 'Filter users', size: 24 });
  const tbody = h('tbody');
  const summary = h('span', { class: 'sub' });
  const settings = h('div', { class: 'settings-list' });
  const addForm = newUserForm(() => load());
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Users'), summary, h('span', { class: 'spacer' }), filter),
    addForm,
    h('div', { class: 'panel scroll' }, h('table', { class: 'table users' },
      h('thead', {}, h('tr', {}, ['Name', 'Role', 'Status', 'Created', 'Actions'].map((t) => h('th', {}, t)))), tbody)),
    h('h2', { class: 'section-title' }, 'Settings'),
    settings);

  let users = [];

  async function load() {
    try {
      users = await api.get('/api/v1/users');
      render();
    } catch (error) {
      replace(tbody, h('tr', {}, h('td', { colspan: 5, class: 'empty' }, `Could not load the users: ${error.message}`)));
    }
  }

  function render() {
    const needle = filter.value.trim().toLowerCase();
    const shown = users
      .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.role === needle)
      .sort((a, b) => a.name.localeCompare(b.name));
    const admins = users.filter((u) => u.role === 'admin' && !u.disabled).length;
    summary.textContent = `${users.length} user${users.length === 1 ? '' : 's'} · ${admins} active admin${admins === 1 ? '' : 's'}`;
    replace(tbody, ...(shown.length ? shown.map(row) : [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No user matches.'))]));
  }

  function row(user) {
    const self = user.name === auth.user?.name;
    const role = h('select', { class: 'form-select form-select-sm', 'aria-label': `Role of ${user.name}` },
      ROLES.map((r) => h('option', { value: r, selected: r === user.role }, r)));
    role.addEventListener('change', async () => {
      const ok = await change(user, { role: role.value }, `${user.name} is now ${role.value}.`);
      if (!ok) role.value = user.role;
    });
    const buttons = [
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => resetPassword(user) }, 'Reset password'),
      h('button', {
        type: 'button', class: 'btn btn-sm btn-outline-secondary',
        onclick: () => toggleDisabled(user),
      }, user.disabled ? 'Enable' : 'Disable'),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger', disabled: self, title: self ? 'You cannot delete yourself' : '', onclick: () => remove(user) }, 'Delete'),
    ];
    return h('tr', { dataset: { user: user.name } },
      h('td', {}, h('span', { class: 'cell-main' }, user.name), self ? h('span', { class: 'cell-sub' }, ' (you)') : null),
      h('td', {}, role),
      h('td', {}, h('span', { class: `badge ${user.disabled ? 's-dead' : 's-running'}` }, user.disabled ? 'disabled' : 'active')),
      h('td', { class: 'muted nowrap' }, user.createdAt ? dateTime(new Date(user.createdAt)) : ''),
      h('td', { class: 'actions nowrap' }, buttons));
  }

  async function change(user, body, done) {
    try {
      await api.patch(`/api/v1/users/${encodeURIComponent(user.name)}`, body);
      toast('ok', done);
      await load();
      return true;
    } catch (error) {
      toast('bad', `Could not change ${user.name}`, error.message);
      return false;
    }
  }

  async function toggleDisabled(user) {
    if (!user.disabled) {
      const answer = await confirmAction({
        title: `Disable ${user.name}?`,
        body: `${user.name} is signed out everywhere and cannot sign in until enabled again.`,
        confirm: 'Disable',
      });
      if (!answer.ok) return;
    }
    await change(user, { disabled: !user.disabled }, `${user.name} is ${user.disabled ? 'enabled' : 'disabled'}.`);
  }

  async function resetPassword(user) {
    const input = h('input', {
      class: 'form-control', type: 'password', autocomplete: 'new-password', 'aria-label': `New password for ${user.name}`,
      placeholder: `at least ${MIN_PASSWORD} characters`,
    });
    const answer = await confirmAction({
      title: `Reset the password of ${user.name}`,
      body: h('div', {}, h('p', {}, `${user.name} is signed out everywhere and signs in with the new password.`), input),
      confirm: 'Reset password',
    });
    if (!answer.ok) return;
    await change(user, { password: input.value }, `The password of ${user.name} was reset.`);
  }

  async function remove(user) {
    const answer = await confirmAction({
      title: `Delete ${user.name}?`,
      body: `The account and its sessions are removed. The audit log keeps what ${user.name} did.`,
      confirm: 'Delete',
    });
    if (!answer.ok) return;
    try {
      await api.del(`/api/v1/users/${encodeURIComponent(user.name)}`);
      toast('ok', `${user.name} was deleted.`);
      await load();
    } catch (error) {
      toast('bad', `Could not delete ${user.name}`, error.message);
    }
  }

  async function loadSettings() {
    try {
      const list = await api.get('/api/v1/settings');
      replace(settings, ...list.map(settingRow));
    } catch (error) {
      replace(settings, h('p', { class: 'empty' }, `Could not load the settings: ${error.message}`));
    }
  }

  function settingRow(setting) {
    const box = h('input', { class: 'form-check-input', type: 'checkbox', role: 'switch', checked: setting.value, 'aria-label': setting.key });
    box.addEventListener('change', async () => {
      try {
        const updated = await api.put(`/api/v1/settings/${encodeURIComponent(setting.key)}`, { value: box.checked });
        box.checked = updated.value;
        toast('ok', `${setting.key} is ${updated.value ? 'on' : 'off'}.`);
      } catch (error) {
        box.checked = !box.checked;
        toast('bad', `Could not change ${setting.key}`, error.message);
      }
    });
    return h('label', { class: 'setting form-check form-switch', dataset: { setting: setting.key } }, box,
      h('span', { class: 'cell-main mono' }, setting.key),
      h('span', { class: 'cell-sub' }, ` ${setting.summary} Default: ${setting.defaultValue ? 'on' : 'off'}.`));
  }

  filter.addEventListener('input', debounce(render, 150));
  load();
  loadSettings();
}

/** The form that adds a user: name, role, initial password. */
function newUserForm(onAdded) {
  const name = h('input', { class: 'form-control', placeholder: 'name', 'aria-label': 'New user name', required: true, size: 16 });
  const role = h('select', { class: 'form-select', 'aria-label': 'New user role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const password = h('input', {
    class: 'form-control', type: 'password', placeholder: `password (${MIN_PASSWORD}+ characters)`, 'aria-label': 'New user password',
    required: true, minlength: MIN_PASSWORD, autocomplete: 'new-password', size: 24,
  });
  const form = h('form', { class: 'toolbar add-user' }, name, role, password,
    h('button', { type: 'submit', class: 'btn btn-sm btn-primary' }, 'Add user'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/api/v1/users', undefined, { name: name.value.trim(), role: role.value, password: password.value });
      toast('ok', `${name.value.trim()} was added as ${role.value}.`);
      name.value = '';
      password.value = '';
      onAdded();
    } catch (error) {
      toast('bad', 'Could not add the user', error.message);
    }
  });
  return form;
}
