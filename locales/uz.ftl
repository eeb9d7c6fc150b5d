# Latchkey — oʻzbekcha (lotin yozuvi). Xuddi en.ftl dagi xabarlar va oʻzgaruvchilar.
# oʻ/gʻ uchun U+02BB (ʻ), tutuq belgisi uchun U+02BC (ʼ).

-app = Latchkey

language-name = Oʻzbekcha
language-label = Til

app-name = { -app }
app-tagline = Mahalliy hisoblar

nav-mailbox = Pochta qutisi
nav-settings = Pochta sozlamalari
nav-back = Orqaga

common-busy = { $label }…
common-loading = Yuklanmoqda…
common-unknown = nomaʼlum
common-openMailbox = Sinov pochta qutisini ochish
common-devMailboxHint = Pochta serveri sozlanmagan: xatlar shu kompyuterdagi mahalliy sinov pochta qutisiga tushadi.
common-fixFields = Ajratib koʻrsatilgan maydonlarni tuzating.

signIn-title = Kirish
signIn-subtitle = Xush kelibsiz! Mahalliy { -app } hisobingizga kiring.
signIn-identifier = Elektron pochta yoki foydalanuvchi nomi
signIn-password = Parol
signIn-remember = Meni eslab qolish
signIn-submit = Kirish
signIn-busy = Kirilmoqda…
signIn-createAccount = Hisob yaratish
signIn-forgot = Parolni unutdingizmi?
signIn-noAccount = Bu yerda yangimisiz?
signIn-resetDone = Parolingiz oʻzgartirildi va barcha seanslar yakunlandi. Yangi parol bilan kiring.
signIn-signedOut = Siz tizimdan chiqdingiz.
signIn-signedOutEverywhere = Siz barcha qurilmalarda tizimdan chiqdingiz.
signIn-sessionEnded = Seansingiz tugadi. Iltimos, qaytadan kiring.

register-title = Hisob yaratish
register-subtitle = Hisobingiz shu kompyuterda saqlanadi. Uni tasdiqlash uchun sizga kod yuboramiz.
register-firstName = Ism
register-lastName = Familiya
register-email = Elektron pochta
register-phone = Telefon
register-username = Foydalanuvchi nomi
register-password = Parol
register-confirmPassword = Parolni tasdiqlang
register-submit = Hisob yaratish
register-busy = Hisob yaratilmoqda…
register-haveAccount = Hisobingiz bormi?
register-signIn = Kirish
register-phoneHint = masalan, +998 71 123 45 67
register-usernameHint = 3–32 ta harf, raqam, nuqta, chiziqcha yoki pastki chiziq

strength-label = Parol mustahkamligi: { $level }
strength-empty = Parol mustahkamligi: parolni kiriting
strength-0 = juda zaif
strength-1 = zaif
strength-2 = oʻrtacha
strength-3 = kuchli
strength-4 = juda kuchli
strength-unavailable = Parol mustahkamligi: aniqlab boʻlmadi

verify-title = Elektron pochtani tasdiqlash
verify-subtitle = Hisobingizni sozlashni yakunlash uchun sizga yuborilgan kodni kiriting.
verify-sentTo = Kod { $sentTo } manziliga yuborildi
verify-queuedTo = { $sentTo } uchun kod
verify-sentToAccount = { $sentTo } hisobining elektron pochta manzili uchun kod
verify-code = Tasdiqlash kodi
verify-codeHint = Uni joylang yoki yozing; boʻsh joy va chiziqchalar xalaqit bermaydi.
verify-remember = Meni eslab qolish
verify-submit = Tasdiqlash
verify-busy = Tekshirilmoqda…
verify-resend = Kodni qayta yuborish
verify-resendBusy = Yuborilmoqda…
verify-resendIn = { $duration } oʻtgach yana soʻrashingiz mumkin.
verify-resendReady = Kod kelmadimi? Yangisini soʻrang.
verify-resent = Yangi kod yoʻlda. Avvalgi kodlar endi ishlamaydi.
verify-expiresIn = { $duration } oʻtgach muddati tugaydi
verify-expired = Bu kodning muddati tugagan. Yangisini olish uchun «Kodni qayta yuborish» tugmasini bosing.
verify-failed = Yetkazilmadi: pochta serveri bu xatni rad etdi.
verify-failedReason = Server javobi: { $reason } Manzilni tekshiring yoki yangi kod soʻrang.
verify-retryingReason = Urinishda davom etyapmiz. Pochta serverining oxirgi javobi: { $reason }
verify-queued = Navbatda — pochta serveri kutilmoqda
verify-queuedDetail = Kodning amal qilish muddati xat shu kompyuterdan chiqib ketgan paytdan boshlanadi.
verify-none = Faol kod yoʻq. Kod olish uchun «Kodni qayta yuborish» tugmasini bosing.
verify-back = Kirish sahifasiga qaytish
verify-notVerified = Elektron pochtangiz hali tasdiqlanmagan. Hozirgina yuborgan kodimizni kiriting.

forgot-title = Parolni tiklash
forgot-subtitle = Elektron pochta yoki foydalanuvchi nomini kiriting. Agar mos hisob boʻlsa, yangi parol oʻrnatish uchun uning pochtasiga kod yuboramiz.
forgot-identifier = Elektron pochta yoki foydalanuvchi nomi
forgot-submit = Kod yuborish
forgot-busy = Yuborilmoqda…
forgot-back = Kirish sahifasiga qaytish

reset-title = Yangi parol oʻrnatish
reset-subtitle = Agar «{ $identifier }» biror hisobga mos kelsa, uning elektron pochtasiga kod yuborildi.
reset-code = Tasdiqlash kodi
reset-newPassword = Yangi parol
reset-confirmPassword = Parolni tasdiqlang
reset-submit = Parolni yangilash
reset-busy = Yangilanmoqda…
reset-resend = Kodni qayta yuborish
reset-back = Kirish sahifasiga qaytish

home-title = Hisobingiz
home-greeting = { $firstName } { $lastName }
home-email = Elektron pochta
home-username = Foydalanuvchi nomi
home-phone = Telefon
home-verified = Elektron pochta holati
home-phoneVerified = Telefon holati
home-verifiedYes = Tasdiqlangan
home-verifiedNo = Tasdiqlanmagan
home-memberSince = Roʻyxatdan oʻtgan sana
home-signOut = Chiqish
home-signOutBusy = Chiqilmoqda…
home-signOutEverywhere = Barcha qurilmalarda chiqish
home-signOutEverywhereBusy = Barcha qurilmalarda chiqilmoqda…
home-sessions = Faol seanslar
home-thisDevice = Shu qurilma
home-sessionMeta = Kirilgan: { $created } · oxirgi faollik: { $lastSeen }
home-noSessions = Faol seanslar yoʻq.
home-activity = Soʻnggi xavfsizlik hodisalari
home-noActivity = Hozircha hech narsa yoʻq.
home-remembered = Shu kompyuterda tizimda qolasiz.
home-notRemembered = { -app } yopilganda tizimdan chiqasiz.

mailbox-title = Sinov pochta qutisi
mailbox-localNotice = Bu pochta qutisi mahalliy: xatlar shu kompyuterda saqlangan, tarmoq orqali hech narsa yuborilmagan.
mailbox-empty = Hozircha xatlar yoʻq. Soʻragan kodlaringiz shu yerda paydo boʻladi.
mailbox-refresh = Yangilash
mailbox-pick = Oʻqish uchun xatni tanlang.
mailbox-to = Kimga
mailbox-date = Sana
mailbox-status = Holat
mailbox-code = Kod
mailbox-useCode = Shu kodni ishlatish
mailbox-unread = oʻqilmagan
mailbox-messages = Xatlar

settings-title = Pochta sozlamalari
settings-subtitle = { -app } tasdiqlash va tiklash kodlarini qayerga yuborishi.
settings-smtpUrl = SMTP manzili
settings-smtpUrlHint = masalan, smtp://user@mail.example.org:587?tls=required. Mahalliy sinov pochta qutisidan foydalanish uchun boʻsh qoldiring.
settings-mailFrom = Joʻnatuvchi manzili
settings-smtpPassword = SMTP paroli
settings-passwordSaved = Parol OT kalitlar omborida saqlangan. Oʻzgartirmaslik uchun boʻsh qoldiring.
settings-passwordKeyring = OT kalitlar omborida saqlanadi, hech qachon faylda emas.
settings-keyringMissing = OT kalitlar ombori mavjud emas, shuning uchun SMTP parolini bu yerda saqlab boʻlmaydi.
settings-save = Saqlash
settings-saveBusy = Saqlanmoqda…
settings-saved = Pochta sozlamalari saqlandi.
settings-testTo = Sinov xati kimga
settings-test = Sinov xatini yuborish
settings-testBusy = Yuborilmoqda…
settings-modeDev = Joriy rejim: sinov pochta qutisi (hech narsa shu kompyuterdan chiqmaydi).
settings-modeHeld = Joriy rejim: xatlar navbatda ushlab turiladi (pochta sozlamalaridan foydalanib boʻlmaydi).
settings-modeSmtp = Joriy rejim: SMTP.
settings-source = Sozlamalar manbai: { $source }

duration-h = { $n } soat
duration-min = { $n } daq.
duration-s = { $n } son.

time-justNow = hozirgina

validation-required =
    { $field ->
        [firstName] Ismingizni kiriting.
        [lastName] Familiyangizni kiriting.
        [email] Elektron pochtangizni kiriting.
        [username] Foydalanuvchi nomini kiriting.
        [password] Parolni kiriting.
        [newPassword] Yangi parolni kiriting.
        [identifier] Elektron pochta yoki foydalanuvchi nomini kiriting.
       *[other] Bu maydonni toʻldiring.
    }
validation-requiredCode = Xatdagi kodni kiriting.
validation-email = Elektron pochta manzilini name@example.org koʻrinishida kiriting.
validation-mismatch = Parollar mos kelmadi.

error-invalid_credentials = Elektron pochta, foydalanuvchi nomi yoki parol notoʻgʻri.
error-login_throttled = Urinishlar juda koʻp. { $duration } oʻtgach qayta urinib koʻring.
error-resend_cooldown = Yangi kodni { $duration } oʻtgach soʻrashingiz mumkin.
error-code_invalid = Kod notoʻgʻri. { $attempts }
error-code_expired = Bu kodning muddati tugagan. Yangisini olish uchun «Kodni qayta yuborish» tugmasini bosing.
error-code_exhausted = Bu kod uchun notoʻgʻri urinishlar juda koʻp. Yangisini olish uchun «Kodni qayta yuborish» tugmasini bosing.
error-code_not_found = Faol kod yoʻq. Kod olish uchun «Kodni qayta yuborish» tugmasini bosing.
error-username_taken = Bu foydalanuvchi nomi band. Boshqasini tanlang.
error-not_signed_in = Seansingiz tugadi. Iltimos, qaytadan kiring.
error-keyring_unavailable = OT kalitlar ombori mavjud emas, shuning uchun SMTP parolini saqlab boʻlmaydi.
error-no_backend = { -app } server qismi bilan aloqa yoʻq.

status-version = { -app } { $version }
status-databaseNoCount = Maʼlumotlar bazasi: { $path } (sxema v{ $schema }, { $journal })
status-database = Maʼlumotlar bazasi: { $path } (sxema v{ $schema }, { $journal }, { $accounts } ta hisob)
status-databaseNew = yangi maʼlumotlar bazasi yaratildi
status-unavailable = Server qismi mavjud emas: { $message }
status-mailDev = Pochta: sinov qutisi
status-mailSmtp = Pochta: SMTP
error-attemptsLeft =
    { $n ->
        [0] Urinishlar qolmadi: yangi kod soʻrang.
       *[other] { $n } ta urinish qoldi.
    }
error-email_taken = Bu elektron pochta manzili bilan hisob allaqachon mavjud.
error-phone_taken = Bu telefon raqami bilan hisob allaqachon mavjud.
error-phone_invalid = Bu telefon raqami notoʻgʻri. Boshqa mamlakatlar raqamlari + va mamlakat kodi bilan boshlanadi.
error-name_too_long = Ism koʻpi bilan 100 ta belgidan iborat boʻlishi mumkin.
error-password_too_long = Koʻpi bilan 256 ta belgi ishlating.
error-password_common = Bu eng keng tarqalgan parollardan biri: uni birinchi boʻlib topishadi.

## Every other error code (ErrorCode): { $detail } is the operator-facing detail, in the server's or operator's words.
error-invalid_input = Belgilangan maydonlarni tekshiring.
error-internal = Nimadir xato ketdi. Tafsilotlar jurnal faylida.
error-store_unreachable = Hisoblar serveriga ulanib boʻlmayapti; qayta urinilmoqda…
error-email_not_verified = Avval elektron pochta manzilingizni tasdiqlang. Sizga kod yubordik.
error-session_expired = Seans muddati tugadi. Qaytadan kiring.
error-session_revoked = Seans yakunlandi. Qaytadan kiring.
error-session_unknown = Siz tizimga kirmagansiz.
error-not_found = Bu endi mavjud emas.
error-feature_disabled = { -app }ning bu qismi ushbu ilovada oʻchirilgan.
error-settings_locked = Pochta sozlamalarini bu yerda oʻzgartirib boʻlmaydi. { $detail }
error-mailbox_locked = Sizga yuborilgan xatlarni koʻrish uchun tizimga kiring.
error-mail_held = Pochta sozlamalari tuzatilmaguncha xatlar ushlab turiladi. { $detail }
error-rate_limited = Sinov xatlari juda koʻp. Biroz kuting va qayta urinib koʻring.
error-smtp_connect = Pochta serveriga ulanib boʻlmadi. { $detail }
error-smtp_tls = Pochta serveri bilan xavfsiz ulanish oʻrnatilmadi. { $detail }
error-smtp_auth = Pochta serveri foydalanuvchi nomi yoki parolni qabul qilmadi. { $detail }
error-smtp_rejected = Pochta serveri xatni rad etdi. { $detail }
error-required = Bu maydon majburiy.
error-too_long = Bu juda uzun.
error-too_many = Qiymatlar juda koʻp.
error-id_invalid = Bunday element yoʻq.
error-handle_invalid = Bu roʻyxatdan oʻtish endi kutilmayapti. Qaytadan roʻyxatdan oʻting.
error-purpose_unknown = Nomaʼlum kod turi.
error-locale_unknown = Bu til mavjud emas.
error-email_invalid = Bu ada@example.com kabi elektron pochta manzili emas.
error-email_too_long = Elektron pochta manzili koʻpi bilan 254 belgidan iborat boʻladi.
error-name_invalid = Harflar, boʻshliqlar, apostrof va chiziqchalardan foydalaning, boshqaruv belgilarisiz.
error-username_length = Foydalanuvchi nomi 3 dan 32 gacha belgidan iborat.
error-username_invalid = Harflar, raqamlar, nuqta, chiziqcha yoki pastki chiziqdan foydalaning.
error-username_looks_like_email = Foydalanuvchi nomi elektron pochta manziliga oʻxshamasligi kerak.
error-username_mismatch = Foydalanuvchi nomini aynan koʻrsatilganidek kiriting.
error-email_unchanged = Bu allaqachon sizning elektron pochta manzilingiz.
error-image_too_large = Rasm 5 MB dan katta. Kichikroq fayl tanlang.
error-image_too_many_pixels = Rasmda 40 megapikseldan koʻp piksel bor. Kichikroq rasm tanlang.
error-image_invalid = Bu fayl PNG, JPEG yoki WebP rasm emas yoki u shikastlangan.
error-password_too_short = Parol juda qisqa.
error-password_weak = Bu parolni topish oson. Yana soʻz yoki belgilar qoʻshing.
error-code_format = Olingan kod raqamlarini kiriting.
error-smtp_url_invalid = Bu yaroqli pochta serveri manzili emas. { $detail }
error-mail_from_invalid = Joʻnatuvchini kiriting, masalan Latchkey <no-reply@example.com>.

activity-registered = Hisob yaratildi
activity-registration_attempted = Kimdir elektron pochtangiz yoki telefoningiz bilan roʻyxatdan oʻtishga urindi
activity-code_sent = Sizga kod yuborildi
activity-code_failed = Notoʻgʻri kod kiritildi
activity-email_verified = Elektron pochta manzili tasdiqlandi
activity-login_succeeded = Tizimga kirildi
activity-login_failed = Muvaffaqiyatsiz kirish urinishi
activity-logged_out = Tizimdan chiqildi
activity-password_reset_requested = Parolni tiklash soʻraldi
activity-password_changed = Parol oʻzgartirildi
activity-sessions_revoked = Seanslar yakunlandi
activity-profile_updated = Profil oʻzgartirildi
activity-picture_changed = Profil rasmi oʻzgartirildi
activity-picture_removed = Profil rasmi olib tashlandi
activity-email_change_requested = Yangi elektron pochta manzilini tasdiqlash uchun kod yuborildi
activity-email_changed = Elektron pochta manzili oʻzgartirildi
activity-data_exported = Maʼlumotlaringiz eksport qilindi
activity-account_deleted = Hisob oʻchirildi

mailbox-status-queued = navbatda
mailbox-status-sent = yuborildi
mailbox-status-delivered_locally = mahalliy yetkazildi
mailbox-status-failed = yetkazilmadi

## Xatlar

mail-greeting = Assalomu alaykum, { $first_name }!
mail-greeting_anonymous = Assalomu alaykum!
mail-signature = — { -app }
mail-footer_automatic = Bu xat { -app } tomonidan avtomatik yuborildi. Javoblar oʻqilmaydi.
mail-not_you_ignore = Agar bu siz boʻlmasangiz, bu xatga eʼtibor bermasangiz ham boʻladi: hech narsa oʻzgarmaydi.
mail-not_you_contact = Agar bu siz boʻlmasangiz, kimdir parolingizni bilishi mumkin: { -app } oʻrnatmangizga qarab turgan odamga murojaat qiling.
mail-code_label = Kodingiz
mail-code_lifetime = Kod ushbu xat yuborilgan paytdan boshlab { $lifetime } davomida amal qiladi.
mail-code_copy_hint = Uni { -app } ilovasida soʻralgan joyga kiriting. Hech kimga aytmang.
mail-verify_email-subject = { -app } tasdiqlash kodingiz
mail-verify_email-intro = { -app } uchun elektron pochta manzilingizni tasdiqlashda ushbu koddan foydalaning:
mail-reset_password-subject = { -app } parolini tiklash kodingiz
mail-reset_password-intro = Kimdir { -app } hisobingiz parolini tiklashni soʻradi. Yangi parol tanlash uchun ushbu koddan foydalaning:
mail-password_changed-subject = { -app } parolingiz oʻzgartirildi
mail-password_changed-intro = { -app } hisobingiz paroli hozirgina oʻzgartirildi va boshqa barcha seanslar yakunlandi.
mail-change_email-subject = Elektron pochta manzilini oʻzgartirish uchun { -app } kodingiz
mail-change_email-intro = Kimdir ushbu manzilni oʻzining { -app } hisobi manzili qilishni soʻradi. Tasdiqlash uchun ushbu koddan foydalaning:
mail-email_changed-subject = { -app } elektron pochta manzilingiz oʻzgartirildi
mail-email_changed-intro = { -app } hisobingizning elektron pochta manzili { $domain } domenidagi manzilga oʻzgartirildi. Bu manzil bilan endi kirib boʻlmaydi.
mail-registration_attempt-subject = Kimdir sizning manzilingiz bilan roʻyxatdan oʻtishga urindi
mail-registration_attempt-intro = Kimdir ushbu elektron pochta manzili bilan yangi { -app } hisobi yaratishga urindi, biroq bu manzilda hisob allaqachon bor. Yangi hisob yaratilmadi.
mail-registration_attempt-forgot = Agar bu siz boʻlsangiz va parolingizni unutgan boʻlsangiz, kirish sahifasidagi «Parolni unutdingizmi?» tugmasini bosing.
mail-test-subject = { -app } sinov xati
mail-test-intro = Bu { -app } ilovasidan yuborilgan sinov xati. Pochta sozlamalaringiz ishlayapti.
mail-duration-seconds = { $n } soniya
mail-duration-minutes = { $n } daqiqa
mail-duration-hours = { $n } soat

## Kiosk mode
kiosk-countdown = { $secs } soniyadan soʻng chiqiladi — qolish uchun ekranga tegining yoki tugmani bosing.
kiosk-switchUser = Foydalanuvchini almashtirish
kiosk-exitTitle = Operator chiqishi
kiosk-exitPassword = Operator paroli
kiosk-exitPasswordRequired = Operator parolini kiriting.
kiosk-exitSubmit = Kiosk rejimidan chiqish
kiosk-exitCancel = Bekor qilish
kiosk-exited = Kiosk rejimi qayta ishga tushirilguncha oʻchirildi: oynani yopish mumkin.
error-operator_password_wrong = Bu operator paroli emas.
error-qa_mode_off = QA vositalari faqat QA rejimida ishlaydi.
error-no_message = Bu manzilga hech narsa yuborilmagan.
error-travel_out_of_range = Soatni kamida 1 daqiqa va koʻpi bilan bir yil oldinga suring.
error-count_out_of_range = 1 tadan 50 tagacha hisob yaratish mumkin.

error-not_kiosk = { -app } kiosk rejimida emas.
error-operator_exit_throttled = Operator paroli juda koʻp marta notoʻgʻri kiritildi. Biroz kutib, qayta urinib koʻring.
error-fixtures_full = Sinov maʼlumotlari uchun boʻsh nom qolmadi: avval QA maʼlumotlarini tozalang.
error-confirmation_required = Avval hammasini oʻchirish mumkinligini tasdiqlang.

## QA mode
qa-banner = QA rejimi — faqat sinov maʼlumotlari.
qa-tools = QA vositalari
qa-clockAhead = Ilova soati: { $duration } oldinda ({ $time }).
qa-clockReal = Ilova soati: haqiqiy vaqt.
qa-travelTitle = Vaqtni surish
qa-travel-60 = +1 daq
qa-travel-600 = +10 daq
qa-travel-3600 = +1 soat
qa-travel-86400 = +1 kun
qa-travelCustom = Necha daqiqa oldinga
qa-travelGo = Soatni surish
qa-travelInvalid = Butun daqiqalar sonini kiriting, kamida 1.
qa-travelReset = Haqiqiy vaqtga qaytish
qa-latestTitle = Oxirgi kod
qa-latestTo = Kimga yuborilgan (email)
qa-latestRequired = Elektron pochta manzilini kiriting.
qa-latestSubmit = Oxirgi kodni koʻrsatish
qa-latestMeta = «{ $subject }» · { $status } · { $time }
qa-copy = Nusxalash
qa-copyCode = Kodni nusxalash
qa-fixturesTitle = Sinov maʼlumotlari
qa-fixtureCount = Tasdiqlangan hisoblar
qa-fixturesSubmit = Sinov maʼlumotlarini yaratish
qa-fixturesBusy = Yaratilmoqda…
qa-fixturesPassword = Barcha sinov hisoblarining paroli:
qa-kind-verified = tasdiqlangan
qa-kind-unverified = tasdiqlanmagan
qa-kind-throttled = kirish kechiktirilgan
qa-kind-expired_code = kod muddati oʻtgan
qa-faultTitle = Pochta nosozliklari
qa-faultLabel = Keyingi xat
qa-fault-none = odatdagidek yetkaziladi
qa-fault-refuse_next = rad etiladi (5xx)
qa-fault-delay_next = kechiktiriladi (4xx, qayta uriniladi)
qa-fault-hold_offline = ushlab turiladi (aloqa yoʻq)
qa-faultApply = Qoʻllash
qa-mailboxTitle = Dasturchi pochta qutisi (barcha xatlar)
qa-mailboxKeep = Faqat eng yangi { $n } ta xat saqlanadi.
qa-mailboxQuery = Qabul qiluvchi yoki mavzu
qa-mailboxSearch = Qidirish
qa-mailboxEmpty = Xatlar yoʻq.
qa-view-text = Matn
qa-view-html = HTML
qa-view-raw = Xom manba
qa-resetTitle = Maʼlumotlarni tozalash
qa-reset = Maʼlumotlarni tozalash…
qa-resetConfirm = QA omboridagi barcha hisoblar va xatlar oʻchirilsinmi? Ilova qayta ishga tushadi.
qa-resetYes = Hammasini oʻchirish
qa-resetNo = Bekor qilish
## My account (issue 12)
account-editProfile = Profilni tahrirlash
account-editTitle = Profilni tahrirlash
account-save = Saqlash
account-saving = Saqlanmoqda…
account-profileSaved = Profilingiz saqlandi.
account-back = Hisobingizga qaytish
account-changePassword = Parolni oʻzgartirish
account-changePasswordTitle = Parolni oʻzgartirish
account-currentPassword = Joriy parol
account-changingPassword = Parol oʻzgartirilmoqda…
account-staySignedIn = Boshqa barcha seanslar yakunlanadi. Bu yerda tizimda qolasiz.
account-passwordChanged = Parolingiz oʻzgartirildi. Boshqa seanslar yakunlandi, bu yerda esa tizimda qolasiz.
account-deleteAccount = Hisobni oʻchirish
account-deleteTitle = Hisobimni oʻchirish
account-deleteWarning = Hisobingiz, seanslaringiz va sizga yuborilgan xatlar oʻchiriladi. Buni qaytarib boʻlmaydi.
account-typeUsername = Tasdiqlash uchun foydalanuvchi nomingizni ({ $username }) kiriting
account-usernameMismatch = Foydalanuvchi nomini aynan koʻrsatilganidek kiriting.
account-deleteForever = Hisobimni butunlay oʻchirish
account-deleting = Oʻchirilmoqda…
account-deleted = Hisobingiz oʻchirildi.

## Mening hisobim: manzilni oʻzgartirish, rasm, eksport
changeEmail-button = Elektron pochtani oʻzgartirish
changeEmail-title = Elektron pochta manzilini oʻzgartirish
changeEmail-explain = Manzilingiz: { $email }. Yangi manzilga kod yuboramiz; kodni kiritmaguningizcha eski manzil amalda qoladi.
changeEmail-newEmail = Yangi elektron pochta manzili
changeEmail-send = Yangi manzilga kod yuborish
changeEmail-sending = Yuborilmoqda…
changeEmail-oldStays = Kodni kiritmaguningizcha manzilingiz { $email } boʻlib qoladi.
changeEmail-codeHint = Yangi manzilga yuborilgan xatdagi 6 xonali kod.
changeEmail-confirm = Manzilimni oʻzgartirish
changeEmail-cancel = Oʻzgartirishni bekor qilish
changeEmail-cancelling = Bekor qilinmoqda…
changeEmail-passwordAgain = Yangi kod olish uchun parolingizni yana kiriting.
changeEmail-done = Elektron pochta manzilingiz oʻzgartirildi. Endi yangi manzil bilan kiring.
picture-button = Profil rasmi
picture-title = Profil rasmi
picture-choose = Rasm tanlang
picture-hint = PNG, JPEG yoki WebP, koʻpi bilan 5 MB. U kvadrat shaklida qirqiladi va kichraytiriladi.
picture-uploading = Rasm saqlanmoqda…
picture-saved = Rasmingiz saqlandi.
picture-remove = Rasmni olib tashlash
picture-removing = Olib tashlanmoqda…
picture-removed = Rasmingiz olib tashlandi.
picture-alt = { $firstName } profil rasmi
export-button = Maʼlumotlarimni eksport qilish
export-busy = Eksport qilinmoqda…
export-fileName = latchkey-malumotlarim.json
export-saved = Maʼlumotlaringiz { $path } ga saqlandi.
error-no_save_dialog = Bu ilovada saqlash oynasi mavjud emas ({ $detail }).
## Issue 11: verified phones, texts (SMS) and signing in with a code
mail-sign_in-subject = { -app } ga kirish kodingiz
mail-sign_in-intro = Kimdir { -app } hisobingizga kod orqali kirishni soʻradi. Kirish uchun ushbu koddan foydalaning:
mail-sign_in-not_you = Agar bu siz boʻlmasangiz, kodni hech kimga bermang: parolingiz avvalgidek ishlaydi, hech narsa oʻzgarmadi.
sms-verify_phone = { -app }: { $code } — ushbu telefon raqamini tasdiqlash kodingiz. U { $n } daqiqa amal qiladi.
sms-sign_in = { -app }: { $code } — kirish kodingiz. U { $n } daqiqa amal qiladi. Uni hech kimga bermang.
error-phone_already_verified = Telefon raqamingiz allaqachon tasdiqlangan.
error-channel_unknown = Elektron pochta yoki SMS ni tanlang.
activity-phone_verified = Telefon raqami tasdiqlandi
activity-sign_in_code_requested = Kirish kodi soʻraldi
phone-title = Telefon raqami
phone-verify = Telefonni tasdiqlash
phone-verified = Tasdiqlangan
phone-unverified = Tasdiqlanmagan
phone-sendCode = Kodni SMS orqali yuborish
phone-resend = Yangi kod yuborish
phone-codeSent = { $phone } raqamiga SMS orqali kod yubordik.
phone-codeLabel = SMS dagi kod
phone-confirm = Telefonni tasdiqlash
phone-done = Telefon raqamingiz tasdiqlandi.
phone-offer = SMS orqali yuborilgan kod bilan kira olishingiz uchun telefon raqamingizni ham tasdiqlang.
phone-later = Hozir emas
delivery-queued = Yuborilishini kutmoqda
delivery-sent = Yuborildi
delivery-failed = Yuborilmadi: { $reason }
signin-emailCode = Kodni pochtaga yuborish
signin-smsCode = Kodni SMS orqali yuborish
signin-codeSent = Agar bunday hisob boʻlsa va uni qabul qila olsa, unga kod yubordik. Uni quyida kiriting.
signin-codeLabel = Kod
signin-codeSubmit = Kod bilan kirish
signin-usePassword = Parol bilan kirish
smsinbox-title = Sinov SMS qutisi
smsinbox-open = SMS xabarlar
smsinbox-empty = Hozircha SMS xabarlar yoʻq.
smsinbox-note = SMS shlyuzi sozlanmaganligi uchun xabarlar shu yerda koʻrinadi.
## Roles, invites and administration (issue 13)
mail-account_locked-subject = { -app } hisobingiz bloklangan
mail-account_locked-intro = Hozirgina kimdir { -app } hisobingizga toʻgʻri parol bilan kirmoqchi boʻldi, biroq hisob bloklangani uchun kirish rad etildi.
mail-account_locked-contact = Blokdan chiqarish uchun bunga murojaat qiling: { $contact }.
mail-account_locked-contact_admin = Blokdan chiqarish uchun { -app } oʻrnatmangizga qaraydigan kishiga murojaat qiling.
activity-account_locked = Hisob administrator tomonidan bloklandi
activity-account_unlocked = Hisob blokdan chiqarildi
activity-roles_changed = Rollar oʻzgartirildi
activity-invite_created = Taklif yaratildi
activity-invite_revoked = Taklif bekor qilindi
activity-invite_redeemed = Taklif kodi kiritildi
activity-sign_in_delay_cleared = Kirishdagi kutish administrator tomonidan olib tashlandi
activity-admin_created = Administrator hisobi yaratildi
error-invite_invalid = Bu taklif kodi yaroqsiz: unda xato boʻlishi, muddati oʻtgan, tugagan yoki boshqa manzil uchun moʻljallangan boʻlishi mumkin.
error-invite_required = Roʻyxatdan oʻtish faqat taklif bilan: taklif kodingizni kiriting.
error-registration_closed = Roʻyxatdan oʻtish yopiq. Hisobingizni yaratishni administratordan soʻrang.
error-forbidden = Buni faqat administratorlar qila oladi.
error-last_admin = Bu oxirgi administrator: avval boshqa kishini administrator qiling.
error-role_unknown = Bunday rol yoʻq.
error-role_not_self_service = Bu rolni bu yerda tanlab boʻlmaydi: u taklif orqali yoki administrator tomonidan beriladi.
error-already_invited = Siz allaqachon taklif kodini kiritgansiz.
error-own_invite_code = Bu sizning shaxsiy taklif kodingiz: sizni taklif qilgan kishining kodini kiriting.
error-invite_code_format = Taklif kodi 8 ta harf va raqamdan iborat, masalan 7KQ2-9XMD.
