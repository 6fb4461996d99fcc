'use strict';
// The console's only knowledge of credentials. Today a login is an API key (a tenant's, or the operator's admin key),
// checked by one harmless read and then kept in this tab's session storage; every API call takes its header from
// Login.authorization(). When password logins arrive, only this file changes: logIn() posts the password and keeps
// whatever token the gateway answers, and the rest of the console does not notice.
const Login = (() => {
  const STORAGE = 'tollgrid.console.login';
  // A read each kind of key may make, to tell a good key from a bad one before keeping it.
  const PROBES = {
    tenant: () => {
      const today = new Date().toISOString().slice(0, 10);
      return '/v1/reports/usage-by-account?from=' + today + '&to=' + today;
    },
    admin: () => '/admin/noc',
    shop: () => '/v1/shop',
  };

  function current() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE));
      return saved && PROBES[saved.kind] && typeof saved.key === 'string' ? saved : null;
    } catch (e) {
      return null;
    }
  }

  async function logIn(kind, key) {
    if (!PROBES[kind]) {
      throw new Error('unknown kind of login: ' + kind);
    }
    const response = await fetch(PROBES[kind](), { headers: { Authorization: 'Bearer ' + key }, cache: 'no-store' });
    if (!response.ok) {
      let message = 'HTTP ' + response.status;
      try {
        const body = await response.json();
        if (body && body.error) {
          message = body.error.code + ': ' + body.error.message;
        }
      } catch (e) {
        // not JSON: keep the status
      }
      throw new Error(response.status === 401 ? 'This key was not accepted (' + message + ')' : message);
    }
    sessionStorage.setItem(STORAGE, JSON.stringify({ kind: kind, key: key }));
    return current();
  }

  function logOut() {
    sessionStorage.removeItem(STORAGE);
  }

  /** The headers that authenticate an API call, or none when nobody is logged in. */
  function authorization() {
    const saved = current();
    return saved ? { Authorization: 'Bearer ' + saved.key } : {};
  }

  return { current: current, logIn: logIn, logOut: logOut, authorization: authorization };
})();
