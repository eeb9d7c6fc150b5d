// Every screen by its data-screen name.
import { render as signIn } from "./sign-in.js";
import { render as register } from "./register.js";
import { render as verify } from "./verify.js";
import { render as forgot } from "./forgot.js";
import { render as reset } from "./reset.js";
import { render as home } from "./home.js";
import { render as mailbox } from "./mailbox.js";
import { render as settings } from "./settings.js";
import { editProfile, changePassword, deleteAccount } from "./account.js";
import { changeEmail, profilePicture } from "./my-account.js";
import { signInCode, verifyPhone, smsInbox } from "./phone.js";
import { invites, admin } from "./admin.js";

export const screens = { "sign-in": signIn, register, verify, forgot, reset, home, mailbox, settings,
  "edit-profile": editProfile, "change-password": changePassword, "delete-account": deleteAccount,
  "change-email": changeEmail, picture: profilePicture,
  "sign-in-code": signInCode, "verify-phone": verifyPhone, "sms-inbox": smsInbox,
  invites, admin };
