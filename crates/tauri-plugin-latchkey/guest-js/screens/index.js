// Every screen by its data-screen name. The two a launch opens with (sign-in, and Home for a
// remembered session) come with the page; the others are `{ load }` entries whose modules the
// router fetches once the first screen shows (or when first needed), so the page starts with
// fewer modules to fetch and parse.
import { render as signIn } from "./sign-in.js";
import { render as home } from "./home.js";

/** A screen whose module is fetched later; `load` resolves with its render function. */
const later = (load) => Object.freeze({ load });

export const screens = {
  "sign-in": signIn,
  register: later(() => import("./register.js").then((m) => m.render)),
  verify: later(() => import("./verify.js").then((m) => m.render)),
  forgot: later(() => import("./forgot.js").then((m) => m.render)),
  reset: later(() => import("./reset.js").then((m) => m.render)),
  home,
  mailbox: later(() => import("./mailbox.js").then((m) => m.render)),
  settings: later(() => import("./settings.js").then((m) => m.render)),
  "edit-profile": later(() => import("./account.js").then((m) => m.editProfile)),
  "change-password": later(() => import("./account.js").then((m) => m.changePassword)),
  "delete-account": later(() => import("./account.js").then((m) => m.deleteAccount)),
  "change-email": later(() => import("./my-account.js").then((m) => m.changeEmail)),
  picture: later(() => import("./my-account.js").then((m) => m.profilePicture)),
  "sign-in-code": later(() => import("./phone.js").then((m) => m.signInCode)),
  "verify-phone": later(() => import("./phone.js").then((m) => m.verifyPhone)),
  "sms-inbox": later(() => import("./phone.js").then((m) => m.smsInbox)),
  invites: later(() => import("./admin.js").then((m) => m.invites)),
  admin: later(() => import("./admin.js").then((m) => m.admin)),
};
