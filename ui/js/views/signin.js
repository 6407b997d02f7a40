// Sign-in, and the first-run setup (creating the first admin with the one-time token the server
// printed). Both need the server's users (issue 4); until then this page says sign-in is not needed.

import { ApiError, api } from '../api.js';
import { auth, setTokens } from '../auth.js';
import { h, replace } from '../dom.js';

export function mount(root, params, app) {
  let setup = !!params.setupToken;
  const box = h('div', { class: 'signin' });
  root.append(box);
  // Before the first admin exists, the server says so: show the setup form straight away.
  api.get('/api/v1/auth/setup').then((answer) => {
    if (answer?.required && !setup) {
      setup = true;
      render();
    }
  }).catch(() => {});

  const render = () => {
    const user = h('input', { class: 'form-control', name: 'username', autocomplete: 'username', required: true, id: 'signin-user' });
    const password = h('input', { class: 'form-control', type: 'password', name: 'password', autocomplete: setup ? 'new-password' : 'current-password', required: true, id: 'signin-password' });
    const token = setup ? h('input', { class: 'form-control mono', name: 'token', required: true, id: 'signin-token', autocomplete: 'one-time-code', value: params.setupToken ?? '' }) : null;
    const error = h('div', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, setup ? 'Create the admin account' : 'Sign in');
    const form = h('form', { class: 'panel', novalidate: true },
      h('h1', {}, setup ? 'First run' : 'Sign in to Capstan'),
      h('p', { class: 'sub' }, setup
        ? 'Create the first administrator with the one-time setup token the server printed when it started.'
        : 'Your account decides what you may see and do.'),
      auth.supported === false ? h('p', { class: 'notice info' }, 'This server does not ask for sign-in yet: ', h('a', { href: '#/containers' }, 'go to the containers'), '.') : null,
      token ? [h('label', { for: 'signin-token' }, 'Setup token'), token] : null,
      h('label', { for: 'signin-user' }, 'User name'), user,
      h('label', { for: 'signin-password' }, 'Password'), password,
      setup ? h('div', { class: 'field-label' }, 'At least 10 characters.') : null,
      submit, error,
      h('div', { class: 'switch' }, h('a', { href: '#', onclick: (e) => { e.preventDefault(); setup = !setup; render(); } },
        setup ? 'I already have an account' : 'First run? Set up the admin account')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.textContent = '';
      if (!user.value || !password.value || (token && !token.value)) {
        error.textContent = 'Fill in every field.';
        return;
      }
      submit.disabled = true;
      try {
        const body = { name: user.value, password: password.value, ...(token ? { token: token.value.trim() } : {}) };
        const answer = await api.post(setup ? '/api/v1/auth/setup' : '/api/v1/auth/login', undefined, body, { retried: true });
        if (setup && !answer?.accessToken && !answer?.access_token) {
          // Setup may only create the account: sign in with it.
          setTokens(await api.post('/api/v1/auth/login', undefined, { name: user.value, password: password.value }, { retried: true }));
        } else {
          setTokens(answer);
        }
        await app.signedIn();
      } catch (err) {
        error.textContent = explain(err, setup);
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    replace(box, form);
    (token && !token.value ? token : user).focus();
  };
  render();
}

function explain(error, setup) {
  if (!(error instanceof ApiError)) return 'Something went wrong; try again.';
  if (error.status === 401) return setup ? 'The setup token is not valid (it works once, and only before the first admin exists).' : 'Wrong user name or password.';
  if (setup && error.status === 403) return 'The setup token is wrong, or setup is already done: sign in instead.';
  if (error.field === 'password') return error.message.replace(/^the password/, 'The password');
  if (error.status === 404) return 'This server has no sign-in yet.';
  if (error.status === 429) return error.message;
  if (error.status === 423 || error.code === 'locked') return 'Too many failed attempts: this account is locked for a while.';
  return error.message;
}
