// Users (admin): list, add, change role, disable or enable, reset a password, delete. The server
// audits each change and refuses to remove or demote the last admin.

import { api } from '../api.js';
import { auth } from '../auth.js';
import { h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { confirmAction, toast } from '../notify.js';

const ROLES = ['viewer', 'operator', 'admin'];

export function mount(root) {
  const tbody = h('tbody');
  const summary = h('span', { class: 'sub' });
  const name = h('input', { class: 'form-control', placeholder: 'name', 'aria-label': 'New user name', size: 14, autocomplete: 'off' });
  const role = h('select', { class: 'form-select', 'aria-label': 'New user role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const password = h('input', { class: 'form-control', type: 'password', placeholder: 'password (10+ characters)', 'aria-label': 'New user password', size: 22, autocomplete: 'new-password' });
  const add = h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); create(); } },
    h('span', { class: 'field-label' }, 'Add a user'), name, role, password, h('button', { type: 'submit', class: 'btn btn-sm btn-primary' }, 'Add'));
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Users'), summary),
    add,
    h('div', { class: 'panel scroll' }, h('table', { class: 'table users' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'State'), h('th', {}, 'Created'), h('th', {}, ''))),
      tbody)));

  async function load() {
    try {
      render(await api.get('/api/v1/users'));
    } catch (error) {
      replace(tbody, h('tr', {}, h('td', { colspan: 5, class: 'empty' }, `Could not load the users: ${error.message}`)));
    }
  }

  function render(users) {
    summary.textContent = `${users.length} user${users.length === 1 ? '' : 's'} · ${users.filter((u) => u.role === 'admin').length} admin`;
    replace(tbody, users.map((u) => {
      const me = u.name === auth.user?.name;
      const roleSelect = h('select', { class: 'form-select role-select', 'aria-label': `Role of ${u.name}` }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
      roleSelect.addEventListener('change', () => update(u, { role: roleSelect.value }, `${u.name} is now ${roleSelect.value}`));
      return h('tr', { dataset: { user: u.name } },
        h('td', {}, h('span', { class: 'cell-main' }, u.name), me ? h('span', { class: 'cell-sub' }, ' (you)') : null),
        h('td', {}, roleSelect),
        h('td', {}, u.disabled ? h('span', { class: 'badge s-dead' }, 'disabled') : h('span', { class: 'badge s-running' }, 'active')),
        h('td', { class: 'muted mono' }, u.createdAt ? dateTime(new Date(u.createdAt)) : '—'),
        h('td', { class: 'actions' }, h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn btn-xs btn-outline-secondary', onclick: () => resetPassword(u) }, 'Reset password'),
          h('button', { type: 'button', class: 'btn btn-xs btn-outline-secondary', onclick: () => update(u, { disabled: !u.disabled }, `${u.name} ${u.disabled ? 'enabled' : 'disabled'}`) },
            u.disabled ? 'Enable' : 'Disable'),
          h('button', { type: 'button', class: 'btn btn-xs btn-outline-danger', dataset: { action: 'delete-user' }, onclick: () => remove(u) }, 'Delete'))));
    }));
  }

  async function create() {
    try {
      await api.post('/api/v1/users', undefined, { name: name.value.trim(), password: password.value, role: role.value });
      toast('ok', `Added ${name.value.trim()} (${role.value})`);
      name.value = '';
      password.value = '';
    } catch (error) {
      toast('bad', 'Could not add the user', error.message);
    }
    load();
  }

  async function update(u, change, done) {
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(u.id)}`, { body: change });
      toast('ok', done);
    } catch (error) {
      toast('bad', `Could not change ${u.name}`, error.message);
    }
    load();
  }

  async function resetPassword(u) {
    const input = h('input', { class: 'form-control', type: 'password', autocomplete: 'new-password', placeholder: 'new password (10+ characters)' });
    const answer = await confirmAction({
      title: `Reset the password of ${u.name}`, danger: false, confirm: 'Set password',
      body: h('div', {}, h('p', {}, 'Their sessions end; they sign in again with the new password.'), input),
    });
    if (answer.ok) update(u, { password: input.value }, `New password set for ${u.name}`);
  }

  async function remove(u) {
    const answer = await confirmAction({ title: `Delete ${u.name}`, body: `Delete the user ${u.name}? Their sessions end at once. The audit log keeps what they did.`, confirm: 'Delete' });
    if (!answer.ok) return;
    try {
      await api.del(`/api/v1/users/${encodeURIComponent(u.id)}`);
      toast('ok', `Deleted ${u.name}`);
    } catch (error) {
      toast('bad', `Could not delete ${u.name}`, error.message);
    }
    load();
  }

  load();
}
