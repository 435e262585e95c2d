// Sign in, and the password change a first sign-in requires.
import { api } from '../api.js';
import { el, field } from '../el.js';
import { t } from '../strings.js';

export function showLogin(view, message, done) {
  const error = el('p', { className: 'error', role: 'alert' }, message);
  const form = el('form', {},
    field(t.loginName, el('input', { name: 'login', autocomplete: 'username', required: true })),
    field(t.password, el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    error, el('button', { type: 'submit', className: 'wide-button' }, t.login));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      done(await api('/auth/login', { method: 'POST', body: { login: form.login.value.trim(), password: form.password.value } }));
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  view.replaceChildren(el('h2', {}, t.login), form);
}

export function showPassword(view, me, done, required) {
  const error = el('p', { className: 'error', role: 'alert' });
  const input = (name, autocomplete) => el('input', { name, type: 'password', autocomplete, required: true });
  const form = el('form', {},
    required ? el('p', {}, t.mustChange) : null,
    field(t.currentPassword, input('current', 'current-password')),
    field(t.newPassword, input('fresh', 'new-password')),
    field(t.repeatPassword, input('repeat', 'new-password')),
    error, el('button', { type: 'submit', className: 'wide-button' }, t.save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.fresh.value !== form.repeat.value) {
      error.textContent = t.passwordsDiffer;
      return;
    }
    try {
      done(await api('/auth/password', { method: 'POST', body: { current_password: form.current.value, new_password: form.fresh.value } }));
    } catch (failure) {
      error.textContent = failure.body?.errors ? Object.values(failure.body.errors).flat().join('；') : failure.message;
    }
  });
  view.replaceChildren(el('h2', {}, t.changePassword), form);
  return null;
}
