import { AuthError } from '@cartkit/cart-sdk';
import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { clickButton, drawerWith, input, inputs, openSignIn, panelText, submitForm } from './support/drawer.js';
import { FakeClient } from './support/fake-client.js';
import { makeCart } from './support/mock-api.js';

const email = 'ada@example.com';
const password = 'correct horse battery';

/** A Cognito failure as the SDK raises it (Cognito's own English message included). */
function cognito(cognitoCode: string, message: string): AuthError {
  return new AuthError({ cognitoCode, message });
}

describe('sign-up keeps the password out of visible fields', () => {
  it('after Create account the code field is empty and no password input is left', async () => {
    const fake = new FakeClient(makeCart());
    const panel = await openSignIn(await drawerWith(fake));
    await clickButton(panel, 'Create');

    await submitForm(panel, { email, password });

    const code = input(panel, 'code');
    expect(code.value).to.equal('');
    expect(code.type).to.equal('text');
    expect(inputs(panel).filter((i) => i.type === 'password')).to.have.length(0);
    expect(inputs(panel).map((i) => i.value)).not.to.include(password);
    expect(panelText(panel)).not.to.contain(password);
  });

  it('the password field of every form is type=password and starts empty', async () => {
    const fake = new FakeClient(makeCart());
    const panel = await openSignIn(await drawerWith(fake));
    input(panel, 'password').value = password;
    await clickButton(panel, 'Create');
    expect(input(panel, 'password').type).to.equal('password');
    expect(input(panel, 'password').value).to.equal('');
  });
});

describe('an unconfirmed account is never a dead end', () => {
  it('sign-in of an unconfirmed account asks for the code, then signs in', async () => {
    const fake = new FakeClient(makeCart());
    fake.authFailures.set('signIn', { error: cognito('UserNotConfirmedException', 'User is not confirmed.') });
    const el = await drawerWith(fake);
    const panel = await openSignIn(el);

    await submitForm(panel, { email, password });
    expect(panelText(panel)).not.to.contain('User is not confirmed');
    expect(input(panel, 'code').value).to.equal('');
    await submitForm(panel, { code: '123456' });

    await waitUntil(() => fake.snapshot.user, 'not signed in');
    expect(fake.calls).to.deep.equal([`signIn ${email}`, `confirmSignUp ${email} 123456`, `signIn ${email}`]);
  });

  it('the sign-in form has a path to enter a code, and the code form can send a new one', async () => {
    const fake = new FakeClient(makeCart());
    const panel = await openSignIn(await drawerWith(fake));
    input(panel, 'email').value = email;

    await clickButton(panel, 'Have a code?');
    expect(input(panel, 'email').value).to.equal(email);
    await clickButton(panel, 'Send a new code');
    await waitUntil(() => fake.calls.includes(`resendConfirmationCode ${email}`), 'no resend');
    await panel.updateComplete;
    expect(panelText(panel)).to.contain(`If ${email} is waiting for a code, we sent a new one.`);

    await submitForm(panel, { code: '654321' });
    expect(fake.calls).to.include(`confirmSignUp ${email} 654321`);
    // No password was typed on this path: the shopper signs in next.
    expect(input(panel, 'password').value).to.equal('');
    expect(panelText(panel)).to.contain('Your account is ready');
  });

  it('sign-up of an address that exists answers exactly as a new sign-up does', async () => {
    const fresh = new FakeClient(makeCart());
    const freshPanel = await openSignIn(await drawerWith(fresh));
    await clickButton(freshPanel, 'Create');
    await submitForm(freshPanel, { email, password });

    const taken = new FakeClient(makeCart());
    taken.authFailures.set('signUp', { error: cognito('UsernameExistsException', 'User already exists') });
    const takenPanel = await openSignIn(await drawerWith(taken));
    await clickButton(takenPanel, 'Create');
    await submitForm(takenPanel, { email, password });

    expect(panelText(takenPanel)).to.equal(panelText(freshPanel));
    expect(panelText(takenPanel)).not.to.contain('already exists');
    // An unconfirmed account gets its code again, so the shopper can finish.
    expect(taken.calls).to.include(`resendConfirmationCode ${email}`);
  });

  it('forgot password sends a reset code, and the code sets a new password', async () => {
    const fake = new FakeClient(makeCart());
    const panel = await openSignIn(await drawerWith(fake));
    await clickButton(panel, 'Forgot password?');

    await submitForm(panel, { email });
    expect(panelText(panel)).to.contain(`If an account exists for ${email}, we sent a code`);
    await submitForm(panel, { code: '777777', password: 'a new password 1' });

    expect(fake.calls).to.deep.equal([`forgotPassword ${email}`, `confirmForgotPassword ${email} 777777`]);
    expect(panelText(panel)).to.contain('Password changed');
    expect(input(panel, 'password').value).to.equal('');
  });
});

describe('auth answers are human and do not reveal accounts', () => {
  it('a wrong password and an unknown address get the same human answer', async () => {
    const answers: string[] = [];
    for (const error of [
      cognito('NotAuthorizedException', 'Incorrect username or password.'),
      cognito('UserNotFoundException', 'User does not exist.'),
      cognito('InvalidPasswordException', 'Invalid password'),
    ]) {
      const fake = new FakeClient(makeCart());
      fake.authFailures.set('signIn', { error });
      const panel = await openSignIn(await drawerWith(fake));
      await submitForm(panel, { email, password });
      answers.push(panel.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim());
    }
    expect(answers).to.deep.equal(Array(3).fill('Email or password is incorrect.'));
  });

  it('forgot password for an unknown address answers as for a known one', async () => {
    const fake = new FakeClient(makeCart());
    fake.authFailures.set('forgotPassword', { error: cognito('UserNotFoundException', 'User not found.') });
    const panel = await openSignIn(await drawerWith(fake));
    await clickButton(panel, 'Forgot password?');

    await submitForm(panel, { email });

    expect(panelText(panel)).not.to.contain('User not found');
    expect(panelText(panel)).to.contain(`If an account exists for ${email}, we sent a code`);
    expect(input(panel, 'code').value).to.equal('');
  });

  it('maps Cognito codes to replaceable strings, never Cognito’s own text', async () => {
    const fake = new FakeClient(makeCart());
    fake.authFailures.set('confirmSignUp', {
      error: cognito('CodeMismatchException', 'Invalid verification code provided, please try again.'),
    });
    const el = await drawerWith(fake);
    el.setStrings({ errorCode: 'Falscher Code.' });
    await el.updateComplete;
    const panel = await openSignIn(el);
    await clickButton(panel, 'Have a code?');

    await submitForm(panel, { email, code: '000000' });

    expect(panel.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim()).to.equal('Falscher Code.');
    expect(panelText(panel)).not.to.contain('Invalid verification code');
  });

  it('a weak password at sign-up says what to do', async () => {
    const fake = new FakeClient(makeCart());
    fake.authFailures.set('signUp', {
      error: cognito('InvalidPasswordException', 'Password did not conform with policy: Password not long enough'),
    });
    const panel = await openSignIn(await drawerWith(fake));
    await clickButton(panel, 'Create');
    await submitForm(panel, { email, password: 'short123' });
    const text = panel.shadowRoot!.querySelector('[part="error"]')!.textContent!;
    expect(text).to.contain('Choose a stronger password');
    expect(text).not.to.contain('conform');
  });
});
