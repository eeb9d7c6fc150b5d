# Latchkey — English (the reference language: every other file has exactly these messages and,
# per message, the same variables). Keys: <screen>-<name>; mail-* are the emails.
# Labels and button texts are part of the accessibility/test contract: change them only together
# with the end-to-end tests.

-app = Latchkey

language-name = English
language-label = Language

app-name = { -app }
app-tagline = Local accounts

nav-mailbox = Mailbox
nav-settings = Mail settings
nav-back = Back

common-busy = { $label }…
common-loading = Loading…
common-unknown = unknown
common-openMailbox = Open dev mailbox
common-devMailboxHint = No mail server is configured: messages go to the local dev mailbox on this computer.
common-fixFields = Please correct the highlighted fields.

signIn-title = Sign in
signIn-subtitle = Welcome back. Sign in to your local { -app } account.
signIn-identifier = Email or username
signIn-password = Password
signIn-remember = Remember me
signIn-submit = Sign in
signIn-busy = Signing in…
signIn-createAccount = Create account
signIn-forgot = Forgot password?
signIn-noAccount = New here?
signIn-resetDone = Your password was changed and every session was signed out. Sign in with your new password.
signIn-signedOut = You are signed out.
signIn-signedOutEverywhere = You are signed out on every device.
signIn-sessionEnded = Your session has ended. Please sign in again.

register-title = Create account
register-subtitle = Your account lives on this computer. We email you a code to confirm it.
register-firstName = First name
register-lastName = Last name
register-email = Email
register-phone = Phone
register-username = Username
register-password = Password
register-confirmPassword = Confirm password
register-submit = Create account
register-busy = Creating account…
register-haveAccount = Already have an account?
register-signIn = Sign in
register-phoneHint = e.g. +44 20 7946 0958
register-usernameHint = 3–32 letters, digits, dots, dashes or underscores

strength-label = Password strength: { $level }
strength-empty = Password strength: type a password
strength-0 = very weak
strength-1 = weak
strength-2 = fair
strength-3 = strong
strength-4 = very strong
strength-unavailable = Password strength: unavailable

verify-title = Verify email
verify-subtitle = Enter the code we emailed you to finish setting up your account.
verify-sentTo = Code sent to { $sentTo }
verify-queuedTo = Code for { $sentTo }
verify-sentToAccount = Code for the email address of account { $sentTo }
verify-code = Verification code
verify-codeHint = Paste it or type it; spaces and dashes are fine.
verify-remember = Remember me
verify-submit = Verify
verify-busy = Verifying…
verify-resend = Resend code
verify-resendBusy = Sending…
verify-resendIn = You can ask again in { $duration }.
verify-resendReady = Didn't get it? Ask for a new one.
verify-resent = A new code is on its way. Earlier codes no longer work.
verify-expiresIn = Expires in { $duration }
verify-expired = This code has expired. Use “Resend code” to get a new one.
verify-failed = Not delivered: the mail server refused this message.
verify-failedReason = The server said: { $reason } Check the address, or ask for a new code.
verify-retryingReason = Still trying. Last answer from the mail server: { $reason }
verify-queued = Queued — waiting for the mail server
verify-queuedDetail = The code's lifetime starts when the email leaves this computer.
verify-none = No active code. Use “Resend code” to get one.
verify-back = Back to sign in
verify-notVerified = Your email is not verified yet. Enter the code we just sent.

forgot-title = Forgot password
forgot-subtitle = Enter your email or username. If an account matches, we email it a code to set a new password.
forgot-identifier = Email or username
forgot-submit = Send code
forgot-busy = Sending…
forgot-back = Back to sign in

reset-title = Reset password
reset-subtitle = If an account matches “{ $identifier }”, a code is on its way to its email.
reset-code = Verification code
reset-newPassword = New password
reset-confirmPassword = Confirm password
reset-submit = Reset password
reset-busy = Resetting…
reset-resend = Resend code
reset-back = Back to sign in

home-title = Your account
home-greeting = { $firstName } { $lastName }
home-email = Email
home-username = Username
home-phone = Phone
home-verified = Email verified
home-phoneVerified = Phone verified
home-verifiedYes = Verified
home-verifiedNo = Not verified
home-memberSince = Member since
home-signOut = Sign out
home-signOutBusy = Signing out…
home-signOutEverywhere = Sign out everywhere
home-signOutEverywhereBusy = Signing out everywhere…
home-sessions = Active sessions
home-thisDevice = This device
home-sessionMeta = Signed in { $created } · last active { $lastSeen }
home-noSessions = No active sessions.
home-activity = Recent security activity
home-noActivity = Nothing yet.
home-remembered = You stay signed in on this computer.
home-notRemembered = You will be signed out when { -app } closes.

mailbox-title = Dev mailbox
mailbox-localNotice = This mailbox is local: these messages were stored on this computer and nothing was sent over the network.
mailbox-empty = No messages yet. Codes you request will appear here.
mailbox-refresh = Refresh
mailbox-pick = Choose a message to read it.
mailbox-to = To
mailbox-date = Date
mailbox-status = Status
mailbox-code = Code
mailbox-useCode = Use this code
mailbox-unread = unread
mailbox-messages = Messages

settings-title = Mail settings
settings-subtitle = Where { -app } sends verification and reset codes.
settings-smtpUrl = SMTP URL
settings-smtpUrlHint = e.g. smtp://user@mail.example.org:587?tls=required. Leave empty to use the local dev mailbox.
settings-mailFrom = From address
settings-smtpPassword = SMTP password
settings-passwordSaved = A password is saved in the OS keyring. Leave empty to keep it.
settings-passwordKeyring = Stored in the OS keyring, never in a file.
settings-keyringMissing = The OS keyring is not available, so an SMTP password cannot be saved here.
settings-save = Save
settings-saveBusy = Saving…
settings-saved = Mail settings saved.
settings-testTo = Send test to
settings-test = Send test email
settings-testBusy = Sending…
settings-modeDev = Current mode: dev mailbox (nothing leaves this computer).
settings-modeHeld = Current mode: mail held in the outbox (the mail settings cannot be used).
settings-modeSmtp = Current mode: SMTP.
settings-source = Settings source: { $source }

duration-h = { $n } h
duration-min = { $n } min
duration-s = { $n } s

time-justNow = just now

validation-required =
    { $field ->
        [firstName] Enter your first name.
        [lastName] Enter your last name.
        [email] Enter your email.
        [username] Enter your username.
        [password] Enter your password.
        [newPassword] Enter your new password.
        [identifier] Enter your email or username.
       *[other] Fill in this field.
    }
validation-requiredCode = Enter the code from the email.
validation-email = Enter an email address like name@example.org.
validation-mismatch = The passwords do not match.

error-invalid_credentials = The email, username or password is not right.
error-login_throttled = Too many attempts. Try again in { $duration }.
error-resend_cooldown = You can ask for a new code in { $duration }.
error-code_invalid = That code is not right. { $attempts }
error-code_expired = This code has expired. Use “Resend code” to get a new one.
error-code_exhausted = Too many wrong tries for this code. Use “Resend code” to get a new one.
error-code_not_found = There is no active code. Use “Resend code” to get one.
error-username_taken = That username is taken. Try another.
error-not_signed_in = Your session has ended. Please sign in again.
error-keyring_unavailable = The OS keyring is not available, so the SMTP password cannot be stored.
error-no_backend = { -app }'s backend is not reachable.

status-version = { -app } { $version }
status-databaseNoCount = Database: { $path } (schema v{ $schema }, { $journal })
status-database = Database: { $path } (schema v{ $schema }, { $journal }, { $accounts ->
        [one] { $accounts } account
       *[other] { $accounts } accounts
    })
status-databaseNew = new database created
status-unavailable = Backend unavailable: { $message }
status-mailDev = Mail: dev mailbox
status-mailSmtp = Mail: SMTP
storeDown-title = Waiting for the account server
storeDown-explain = Sign-in opens by itself as soon as the server answers; nothing needs to be done here.
storeFailed-title = Latchkey cannot start
storeFailed-explain = Nothing was changed.
error-attemptsLeft =
    { $n ->
        [0] No attempts left: ask for a new code.
        [one] { $n } attempt left.
       *[other] { $n } attempts left.
    }
error-email_taken = An account with this email address already exists.
error-phone_taken = An account with this phone number already exists.
error-phone_invalid = This is not a valid phone number. Numbers from other countries start with + and the country code.
error-name_too_long = A name has at most 100 characters.
error-password_too_long = Use at most 256 characters.
error-password_common = This is one of the most common passwords; it would be guessed first.

## Every other error code (ErrorCode): { $detail } is the operator-facing detail, in the server's or operator's words.
error-invalid_input = Some fields need attention.
error-internal = Something went wrong. Details are in the log file.
error-store_unreachable = The account server is unreachable; retrying…
error-store_failed = The account store cannot be opened; fix the problem below, then restart Latchkey.
error-email_not_verified = Please verify your email address first. We sent you a code.
error-session_expired = Your session has expired. Please sign in again.
error-session_revoked = Your session was ended. Please sign in again.
error-session_unknown = You are not signed in.
error-not_found = This no longer exists.
error-feature_disabled = This part of { -app } is turned off in this app.
error-settings_locked = The mail settings cannot be changed here. { $detail }
error-mailbox_locked = Sign in to see the mail sent to you.
error-mail_held = Mail is held until the mail settings are fixed. { $detail }
error-rate_limited = Too many test emails. Wait a little and try again.
error-smtp_connect = Could not reach the mail server. { $detail }
error-smtp_tls = The secure connection to the mail server failed. { $detail }
error-smtp_auth = The mail server did not accept the user name or password. { $detail }
error-smtp_rejected = The mail server refused the message. { $detail }
error-required = This field is required.
error-too_long = This is too long.
error-too_many = Too many values.
error-id_invalid = No such item.
error-handle_invalid = This registration is no longer waiting. Please register again.
error-purpose_unknown = Unknown kind of code.
error-locale_unknown = This language is not available.
error-email_invalid = This is not a valid email address, such as ada@example.com.
error-email_too_long = An email address has at most 254 characters.
error-name_invalid = Use letters, spaces, apostrophes and hyphens, without control characters.
error-username_length = A username has 3 to 32 characters.
error-username_invalid = Use letters, digits, dots, dashes or underscores.
error-username_looks_like_email = A username cannot look like an email address.
error-username_mismatch = Type your username exactly as it is shown.
error-email_unchanged = This is already your email address.
error-image_too_large = The picture is larger than 5 MB. Choose a smaller file.
error-image_too_many_pixels = The picture has more than 40 megapixels. Choose a smaller picture.
error-image_invalid = This file is not a PNG, JPEG or WebP picture, or it is damaged.
error-password_too_short = This password is too short.
error-password_weak = This password would be easy to guess. Add more words or characters.
error-code_format = Enter the digits of the code you received.
error-smtp_url_invalid = This is not a usable mail server address. { $detail }
error-mail_from_invalid = Enter a sender such as Latchkey <no-reply@example.com>.

activity-registered = Account created
activity-registration_attempted = Someone tried to register with your email address or phone
activity-code_sent = A code was emailed to you
activity-code_failed = A wrong code was entered
activity-email_verified = Email address verified
activity-login_succeeded = Signed in
activity-login_failed = Failed sign-in attempt
activity-logged_out = Signed out
activity-password_reset_requested = Password reset requested
activity-password_changed = Password changed
activity-sessions_revoked = Sessions ended
activity-profile_updated = Profile changed
activity-picture_changed = Profile picture changed
activity-picture_removed = Profile picture removed
activity-email_change_requested = A code was sent to confirm a new email address
activity-email_changed = Email address changed
activity-data_exported = Your data was exported
activity-account_deleted = Account deleted

mailbox-status-queued = queued
mailbox-status-sent = sent
mailbox-status-delivered_locally = delivered locally
mailbox-status-failed = failed

## Emails (plain text and HTML are built from these; values are escaped by the templates)

mail-greeting = Hello { $first_name },
mail-greeting_anonymous = Hello,
mail-signature = — { -app }
mail-footer_automatic = This email was sent automatically by { -app }. Replies are not read.
mail-not_you_ignore = If this wasn't you, you can safely ignore this email: nothing will change.
mail-not_you_contact = If this wasn't you, someone may know your password: contact the person who looks after your { -app } installation.
mail-code_label = Your code
mail-code_lifetime = The code is valid for { $lifetime } from when this email was sent.
mail-code_copy_hint = Type it in { -app } where you were asked for it. Never share it with anyone.
mail-verify_email-subject = Your { -app } verification code
mail-verify_email-intro = Use this code to confirm your email address for { -app }:
mail-reset_password-subject = Your { -app } password reset code
mail-reset_password-intro = Someone asked to reset the password of your { -app } account. Use this code to choose a new one:
mail-password_changed-subject = Your { -app } password was changed
mail-password_changed-intro = The password of your { -app } account was just changed, and every other session was signed out.
mail-change_email-subject = Your { -app } code to change your email address
mail-change_email-intro = Someone asked to make this the email address of their { -app } account. Use this code to confirm it:
mail-email_changed-subject = Your { -app } email address was changed
mail-email_changed-intro = The email address of your { -app } account was changed to an address at { $domain }. This address no longer signs in.
mail-registration_attempt-subject = Someone tried to register with your address
mail-registration_attempt-intro = Someone tried to create a new { -app } account with this email address, which already has an account. No new account was created.
mail-registration_attempt-forgot = If it was you and you forgot your password, use "Forgot password" on the sign-in screen.
mail-test-subject = { -app } test email
mail-test-intro = This is a test email from { -app }. Your mail settings work.
mail-duration-seconds =
    { $n ->
        [one] { $n } second
       *[other] { $n } seconds
    }
mail-duration-minutes =
    { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }
mail-duration-hours =
    { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    }

## Kiosk mode
kiosk-countdown = Signing out in { $secs } s — touch or press a key to stay.
kiosk-switchUser = Switch user
kiosk-exitTitle = Operator exit
kiosk-exitPassword = Operator password
kiosk-exitPasswordRequired = Type the operator password.
kiosk-exitSubmit = Leave kiosk mode
kiosk-exitCancel = Cancel
kiosk-exited = Kiosk mode is off for this run: the window can be closed.
error-operator_password_wrong = That is not the operator password.
error-qa_mode_off = QA tools work only in QA mode.
error-no_message = Nothing was sent to this address.
error-travel_out_of_range = Move the clock forward by at least 1 minute and at most a year.
error-count_out_of_range = Create between 1 and 50 accounts.

error-not_kiosk = { -app } is not in kiosk mode.
error-operator_exit_throttled = Too many wrong operator passwords. Wait a moment and try again.
error-fixtures_full = No free fixture name is left: reset the QA data first.
error-confirmation_required = Confirm first that everything may be deleted.

## QA mode
qa-banner = QA mode — test data only.
qa-tools = QA tools
qa-clockAhead = App clock: { $duration } ahead ({ $time }).
qa-clockReal = App clock: real time.
qa-travelTitle = Time travel
qa-travel-60 = +1 min
qa-travel-600 = +10 min
qa-travel-3600 = +1 h
qa-travel-86400 = +1 day
qa-travelCustom = Minutes forward
qa-travelGo = Move the clock
qa-travelInvalid = Type a whole number of minutes, 1 or more.
qa-travelReset = Back to real time
qa-latestTitle = Latest code
qa-latestTo = Sent to (email)
qa-latestRequired = Type an email address.
qa-latestSubmit = Show the latest code
qa-latestMeta = “{ $subject }” · { $status } · { $time }
qa-copy = Copy
qa-copyCode = Copy the code
qa-fixturesTitle = Fixtures
qa-fixtureCount = Verified accounts
qa-fixturesSubmit = Create fixtures
qa-fixturesBusy = Creating…
qa-fixturesPassword = Password of every fixture account:
qa-kind-verified = verified
qa-kind-unverified = not verified
qa-kind-throttled = sign-in delayed
qa-kind-expired_code = code expired
qa-faultTitle = Mail faults
qa-faultLabel = Next message
qa-fault-none = delivered normally
qa-fault-refuse_next = refused (5xx)
qa-fault-delay_next = delayed (4xx, retried)
qa-fault-hold_offline = held offline
qa-faultApply = Apply
qa-mailboxTitle = Dev mailbox (every message)
qa-mailboxKeep = Only the newest { $n } messages are kept.
qa-mailboxQuery = Recipient or subject
qa-mailboxSearch = Search
qa-mailboxEmpty = No messages.
qa-view-text = Text
qa-view-html = HTML
qa-view-raw = Raw source
qa-resetTitle = Reset data
qa-reset = Reset data…
qa-resetConfirm = Delete every account and message of the QA store? The app restarts.
qa-resetYes = Delete everything
qa-resetNo = Cancel
## My account (issue 12)
account-editProfile = Edit profile
account-editTitle = Edit profile
account-save = Save changes
account-saving = Saving…
account-profileSaved = Your profile was saved.
account-back = Back to your account
account-changePassword = Change password
account-changePasswordTitle = Change password
account-currentPassword = Current password
account-changingPassword = Changing the password…
account-staySignedIn = Every other session will be signed out. You stay signed in here.
account-passwordChanged = Your password was changed. Other sessions were signed out; you stay signed in here.
account-deleteAccount = Delete account
account-deleteTitle = Delete my account
account-deleteWarning = This erases your account, your sessions and the messages sent to you. It cannot be undone.
account-typeUsername = Type your username ({ $username }) to confirm
account-usernameMismatch = Type your username exactly as it is shown.
account-deleteForever = Delete my account forever
account-deleting = Deleting…
account-deleted = Your account was deleted.
account-deleteByCode = Confirm with a code instead
account-deleteByPassword = Confirm with my password instead
account-deleteCodeSending = Sending a code…
account-deleteCodeHint = The code in the email we just sent to your address.
account-deleteCodeExplain = Signed in with a code and no password at hand? We email a code to your address; enter it here.

## My account: change of email, picture, export
changeEmail-button = Change email
changeEmail-title = Change email address
changeEmail-explain = Your address is { $email }. We send a code to the new address; the old one stays in force until you enter it.
changeEmail-newEmail = New email address
changeEmail-send = Send a code to the new address
changeEmail-sending = Sending…
changeEmail-oldStays = Until you enter the code, { $email } stays your address.
changeEmail-codeHint = The 6-digit code in the email sent to the new address.
changeEmail-confirm = Change my address
changeEmail-cancel = Cancel the change
changeEmail-cancelling = Cancelling…
changeEmail-passwordAgain = Type your password again to get a new code.
changeEmail-done = Your email address was changed. Sign in with the new one from now on.
picture-button = Profile picture
picture-title = Profile picture
picture-choose = Choose a picture
picture-hint = PNG, JPEG or WebP, at most 5 MB. It is cropped to a square and made small.
picture-uploading = Saving the picture…
picture-saved = Your picture was saved.
picture-remove = Remove picture
picture-removing = Removing…
picture-removed = Your picture was removed.
picture-alt = Profile picture of { $firstName }
export-button = Export my data
export-busy = Exporting…
export-fileName = latchkey-my-data.json
export-saved = Your data was saved to { $path }.
error-no_save_dialog = The save dialog is not available in this app ({ $detail }).
## Issue 11: verified phones, texts (SMS) and signing in with a code
mail-sign_in-subject = Your { -app } sign-in code
mail-sign_in-intro = Someone asked to sign in to your { -app } account with a code. Use this code to sign in:
mail-sign_in-not_you = If this was not you, do not share the code with anyone; your password still works and nothing changed.
mail-delete_account-subject = Your { -app } account deletion code
mail-delete_account-intro = Someone signed in to your { -app } account asked to delete it. Use this code to confirm the deletion:
mail-delete_account-not_you = If this was not you, do not share the code with anyone and change your password; nothing is deleted without the code.
sms-verify_phone = { -app }: { $code } is your code to confirm this phone number. It expires in { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}.
sms-sign_in = { -app }: { $code } is your sign-in code. It expires in { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}. Never share it.
error-phone_already_verified = Your phone number is verified already.
error-channel_unknown = Choose email or text message.
activity-phone_verified = Phone number verified
activity-sign_in_code_requested = A sign-in code was requested
phone-title = Phone number
phone-verify = Verify phone
phone-verified = Verified
phone-unverified = Not verified
phone-sendCode = Text me a code
phone-resend = Send a new code
phone-codeSent = We texted a code to { $phone }.
phone-codeLabel = Code from the text message
phone-confirm = Confirm phone
phone-done = Your phone number is verified.
phone-offer = Verify your phone number too, so that you can sign in with a code sent by text.
phone-later = Not now
delivery-queued = Waiting to be sent
delivery-sent = Sent
delivery-failed = Not sent: { $reason }
signin-emailCode = Email me a code
signin-smsCode = Text me a code
signin-codeSent = If an account matches and can receive it, we sent it a code. Enter it below.
signin-codeLabel = Code
signin-codeSubmit = Sign in with the code
signin-usePassword = Use my password instead
smsinbox-title = Dev SMS inbox
smsinbox-open = Text messages
smsinbox-empty = No text messages yet.
smsinbox-note = Texts appear here because no SMS gateway is configured.
## Roles, invites and administration (issue 13)
mail-account_locked-subject = Your { -app } account is locked
mail-account_locked-intro = Someone just signed in to your { -app } account with the right password, but the account is locked, so the sign-in was refused.
mail-account_locked-contact = To have it unlocked, contact { $contact }.
mail-account_locked-contact_admin = To have it unlocked, contact the person who looks after your { -app } installation.
activity-account_locked = Account locked by an administrator
activity-account_unlocked = Account unlocked
activity-roles_changed = Roles changed
activity-invite_created = Invite created
activity-invite_revoked = Invite revoked
activity-invite_redeemed = Invite code entered
activity-sign_in_delay_cleared = Sign-in delay cleared by an administrator
activity-admin_created = Administrator account created
error-invite_invalid = This invite code is not valid: it may be mistyped, expired, used up or meant for another address.
error-invite_required = Registration is by invitation: enter your invite code.
error-registration_closed = Registration is closed. Ask an administrator to create your account.
error-forbidden = Only administrators can do this.
error-last_admin = This is the last administrator: make someone else an administrator first.
error-role_unknown = There is no such role.
error-role_not_self_service = This role cannot be chosen here: it is given by invitation or by an administrator.
error-already_invited = You have already entered an invite code.
error-own_invite_code = This is your own invite code: enter the code of the person who invited you.
error-invite_code_format = An invite code is 8 letters and digits, like 7KQ2-9XMD.

## Issue 13: screens for invites and administration
common-back = Back
common-saving = Saving…
register-inviteCode = Invite code
register-inviteCodeOptional = Invite code (optional)
register-inviteCodeHint = 8 letters and digits, like 7KQ2-9XMD; with or without the dash.
register-role = I am registering as
role-member = Member
role-admin = Administrator
role-student = Student
role-instructor = Instructor
invites-button = Invites
invites-title = Invites
invites-subtitle = Hand your code to people you invite; see who joined with it.
invites-myCode = My invite code
invites-joinedTitle = Joined with my code
invites-nobodyJoined = Nobody has joined with your code yet.
invites-invitedByTitle = Invited by
invites-invitedBy = You were invited by { $name }.
invites-invitedByNobody = You have not entered anyone's invite code.
invites-enterLabel = Someone's invite code
invites-enterSubmit = Enter the code
invites-entered = The invite code was entered.
admin-button = Administration
admin-title = Administration
admin-subtitle = Accounts, invites and the audit log. Every action here is recorded with your name.
admin-accounts = Accounts
admin-searchLabel = Email, username, phone or name
admin-search = Search
admin-searching = Searching…
admin-noAccounts = No account matches.
admin-lock = Lock
admin-unlock = Unlock
admin-locked = { $username } is locked and signed out everywhere.
admin-unlocked = { $username } is unlocked.
admin-lockedBadge = Locked
admin-lockForLabel = Lock for
admin-lockUntilUnlocked = until unlocked
admin-lockDays = { $n ->
    [one] for 1 day
   *[other] for { $n } days
}
admin-lockedUntil = locked until { $at }
admin-endSessions = End sessions
admin-sessionsEnded = { $n ->
    [one] { $n } session ended.
   *[other] { $n } sessions ended.
}
admin-clearDelay = Clear sign-in delay
admin-delayCleared = The sign-in delay was cleared.
admin-rolesLabel = Roles, separated by commas
admin-saveRoles = Save roles
admin-rolesSaved = The roles were saved.
admin-liveSessions = { $n ->
    [one] { $n } session
   *[other] { $n } sessions
}
admin-invites = Invites
admin-inviteRoles = Roles granted
admin-inviteRolesHint = Separated by commas; empty for the default role.
admin-inviteEmail = Only for this email address (optional)
admin-inviteDays = Valid for (days)
admin-inviteMaxUses = Maximum uses
admin-createInvite = Create invite
admin-inviteCreated = Invite { $code } created.
admin-daysInvalid = Enter a number of days from 1 to 3650.
admin-maxUsesInvalid = Enter a number of uses from 1 to 10000.
admin-noInvites = No invites yet.
admin-revoke = Revoke
admin-copy = Copy
admin-noRoles = default role
admin-uses = used { $uses } of { $max }
admin-expires = expires { $at }
admin-redeemedBy = used by { $names }
admin-inviteState-pending = Pending
admin-inviteState-used_up = Used up
admin-inviteState-expired = Expired
admin-inviteState-revoked = Revoked
admin-audit = Audit log
admin-auditKind = Kind of event
admin-allKinds = Every kind
admin-filter = Filter
admin-noAudit = Nothing recorded.
admin-showActivity = Activity
admin-allAccounts = All accounts
admin-auditOf = Only @{ $username }’s events.
admin-by = by { $actor }
