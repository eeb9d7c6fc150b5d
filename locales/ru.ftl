# Latchkey — русский. Те же сообщения и переменные, что в en.ftl.

-app = Latchkey

language-name = Русский
language-label = Язык

app-name = { -app }
app-tagline = Локальные учётные записи

nav-mailbox = Почта
nav-settings = Настройки почты
nav-back = Назад

common-busy = { $label }…
common-loading = Загрузка…
common-unknown = неизвестно
common-openMailbox = Открыть тестовый почтовый ящик
common-devMailboxHint = Почтовый сервер не настроен: письма попадают в локальный тестовый почтовый ящик на этом компьютере.
common-fixFields = Исправьте выделенные поля.

signIn-title = Вход
signIn-subtitle = С возвращением! Войдите в свою локальную учётную запись { -app }.
signIn-identifier = Эл. почта или имя пользователя
signIn-password = Пароль
signIn-remember = Запомнить меня
signIn-submit = Войти
signIn-busy = Выполняется вход…
signIn-createAccount = Создать учётную запись
signIn-forgot = Забыли пароль?
signIn-noAccount = Впервые здесь?
signIn-resetDone = Пароль изменён, все сеансы завершены. Войдите с новым паролем.
signIn-signedOut = Вы вышли из учётной записи.
signIn-signedOutEverywhere = Вы вышли из учётной записи на всех устройствах.
signIn-sessionEnded = Ваш сеанс завершён. Войдите снова.

register-title = Создание учётной записи
register-subtitle = Учётная запись хранится на этом компьютере. Мы отправим вам код для её подтверждения.
register-firstName = Имя
register-lastName = Фамилия
register-email = Эл. почта
register-phone = Телефон
register-username = Имя пользователя
register-password = Пароль
register-confirmPassword = Повторите пароль
register-submit = Создать учётную запись
register-busy = Создаём учётную запись…
register-haveAccount = Уже есть учётная запись?
register-signIn = Войти
register-phoneHint = например, +7 495 123-45-67
register-usernameHint = 3–32 символа: буквы, цифры, точки, дефисы или подчёркивания

strength-label = Надёжность пароля: { $level }
strength-empty = Надёжность пароля: введите пароль
strength-0 = очень слабый
strength-1 = слабый
strength-2 = средний
strength-3 = надёжный
strength-4 = очень надёжный
strength-unavailable = Надёжность пароля: недоступно

verify-title = Подтверждение почты
verify-subtitle = Введите код из письма, чтобы завершить настройку учётной записи.
verify-sentTo = Код отправлен на { $sentTo }
verify-queuedTo = Код для { $sentTo }
verify-sentToAccount = Код для адреса эл. почты учётной записи { $sentTo }
verify-code = Код подтверждения
verify-codeHint = Вставьте или введите его; пробелы и дефисы не помешают.
verify-remember = Запомнить меня
verify-submit = Подтвердить
verify-busy = Проверяем…
verify-resend = Отправить код ещё раз
verify-resendBusy = Отправляем…
verify-resendIn = Запросить снова можно через { $duration }.
verify-resendReady = Не пришло письмо? Запросите новый код.
verify-resent = Новый код уже в пути. Прежние коды больше не действуют.
verify-expiresIn = Истекает через { $duration }
verify-expired = Срок действия кода истёк. Нажмите «Отправить код ещё раз», чтобы получить новый.
verify-failed = Не доставлено: почтовый сервер отклонил это письмо.
verify-failedReason = Ответ сервера: { $reason } Проверьте адрес или запросите новый код.
verify-retryingReason = Продолжаем попытки. Последний ответ почтового сервера: { $reason }
verify-queued = В очереди — ждём почтовый сервер
verify-queuedDetail = Срок действия кода начинается, когда письмо покидает этот компьютер.
verify-none = Активного кода нет. Нажмите «Отправить код ещё раз», чтобы получить его.
verify-back = Вернуться ко входу
verify-notVerified = Ваш адрес эл. почты ещё не подтверждён. Введите код, который мы только что отправили.

forgot-title = Восстановление пароля
forgot-subtitle = Введите эл. почту или имя пользователя. Если такая учётная запись есть, мы отправим на её почту код для нового пароля.
forgot-identifier = Эл. почта или имя пользователя
forgot-submit = Отправить код
forgot-busy = Отправляем…
forgot-back = Вернуться ко входу

reset-title = Сброс пароля
reset-subtitle = Если «{ $identifier }» соответствует учётной записи, код уже отправлен на её почту.
reset-code = Код подтверждения
reset-newPassword = Новый пароль
reset-confirmPassword = Повторите пароль
reset-submit = Сбросить пароль
reset-busy = Сбрасываем…
reset-resend = Отправить код ещё раз
reset-back = Вернуться ко входу

home-title = Ваша учётная запись
home-greeting = { $firstName } { $lastName }
home-email = Эл. почта
home-username = Имя пользователя
home-phone = Телефон
home-verified = Почта подтверждена
home-phoneVerified = Телефон подтверждён
home-verifiedYes = Подтверждена
home-verifiedNo = Не подтверждена
home-memberSince = Дата регистрации
home-signOut = Выйти
home-signOutBusy = Выходим…
home-signOutEverywhere = Выйти на всех устройствах
home-signOutEverywhereBusy = Выходим на всех устройствах…
home-sessions = Активные сеансы
home-thisDevice = Это устройство
home-sessionMeta = Вход: { $created } · активность: { $lastSeen }
home-noSessions = Активных сеансов нет.
home-activity = Недавние события безопасности
home-noActivity = Пока ничего.
home-remembered = Вы остаётесь в системе на этом компьютере.
home-notRemembered = Вы выйдете из системы, когда { -app } закроется.

mailbox-title = Тестовый почтовый ящик
mailbox-localNotice = Это локальный ящик: письма сохранены на этом компьютере, по сети ничего не отправлялось.
mailbox-empty = Писем пока нет. Запрошенные коды появятся здесь.
mailbox-refresh = Обновить
mailbox-pick = Выберите письмо, чтобы прочитать его.
mailbox-to = Кому
mailbox-date = Дата
mailbox-status = Состояние
mailbox-code = Код
mailbox-useCode = Использовать этот код
mailbox-unread = не прочитано
mailbox-messages = Письма

settings-title = Настройки почты
settings-subtitle = Куда { -app } отправляет коды подтверждения и сброса пароля.
settings-smtpUrl = Адрес SMTP
settings-smtpUrlHint = например, smtp://user@mail.example.org:587?tls=required. Оставьте пустым, чтобы использовать локальный тестовый ящик.
settings-mailFrom = Адрес отправителя
settings-smtpPassword = Пароль SMTP
settings-passwordSaved = Пароль сохранён в связке ключей ОС. Оставьте поле пустым, чтобы его не менять.
settings-passwordKeyring = Хранится в связке ключей ОС, а не в файле.
settings-keyringMissing = Связка ключей ОС недоступна, поэтому пароль SMTP здесь сохранить нельзя.
settings-save = Сохранить
settings-saveBusy = Сохраняем…
settings-saved = Настройки почты сохранены.
settings-testTo = Куда отправить проверку
settings-test = Отправить тестовое письмо
settings-testBusy = Отправляем…
settings-modeDev = Текущий режим: тестовый ящик (ничего не покидает этот компьютер).
settings-modeHeld = Текущий режим: письма задержаны в очереди (настройки почты нельзя использовать).
settings-modeSmtp = Текущий режим: SMTP.
settings-source = Источник настроек: { $source }

duration-h = { $n } ч
duration-min = { $n } мин
duration-s = { $n } с

time-justNow = только что

validation-required =
    { $field ->
        [firstName] Введите имя.
        [lastName] Введите фамилию.
        [email] Введите адрес эл. почты.
        [username] Введите имя пользователя.
        [password] Введите пароль.
        [newPassword] Введите новый пароль.
        [identifier] Введите эл. почту или имя пользователя.
       *[other] Заполните это поле.
    }
validation-requiredCode = Введите код из письма.
validation-email = Введите адрес эл. почты, например name@example.org.
validation-mismatch = Пароли не совпадают.

error-invalid_credentials = Неверная эл. почта, имя пользователя или пароль.
error-login_throttled = Слишком много попыток. Повторите через { $duration }.
error-resend_cooldown = Новый код можно запросить через { $duration }.
error-code_invalid = Неверный код. { $attempts }
error-code_expired = Срок действия кода истёк. Нажмите «Отправить код ещё раз», чтобы получить новый.
error-code_exhausted = Слишком много неверных попыток для этого кода. Нажмите «Отправить код ещё раз», чтобы получить новый.
error-code_not_found = Активного кода нет. Нажмите «Отправить код ещё раз», чтобы получить его.
error-username_taken = Это имя пользователя занято. Выберите другое.
error-not_signed_in = Ваш сеанс завершён. Войдите снова.
error-keyring_unavailable = Связка ключей ОС недоступна, поэтому пароль SMTP сохранить нельзя.
error-no_backend = Серверная часть { -app } недоступна.

status-version = { -app } { $version }
status-databaseNoCount = База данных: { $path } (схема v{ $schema }, { $journal })
status-database = База данных: { $path } (схема v{ $schema }, { $journal }, { $accounts ->
        [one] { $accounts } учётная запись
        [few] { $accounts } учётные записи
       *[many] { $accounts } учётных записей
    })
status-databaseNew = создана новая база данных
status-unavailable = Серверная часть недоступна: { $message }
status-mailDev = Почта: тестовый ящик
status-mailSmtp = Почта: SMTP
storeDown-title = Ожидание сервера учётных записей
storeDown-explain = Вход откроется сам, как только сервер ответит; здесь ничего делать не нужно.
storeFailed-title = Latchkey не может запуститься
storeFailed-explain = Ничего не изменено.
error-attemptsLeft =
    { $n ->
        [0] Попыток не осталось: запросите новый код.
        [one] Осталась { $n } попытка.
        [few] Осталось { $n } попытки.
       *[many] Осталось { $n } попыток.
    }
error-email_taken = Учётная запись с этим адресом эл. почты уже существует.
error-phone_taken = Учётная запись с этим номером телефона уже существует.
error-phone_invalid = Это неверный номер телефона. Номера других стран начинаются с + и кода страны.
error-name_too_long = Имя может содержать не более 100 символов.
error-password_too_long = Используйте не более 256 символов.
error-password_common = Это один из самых распространённых паролей: его подберут первым.

## Every other error code (ErrorCode): { $detail } is the operator-facing detail, in the server's or operator's words.
error-invalid_input = Проверьте выделенные поля.
error-internal = Что-то пошло не так. Подробности — в журнале.
error-store_unreachable = Сервер учётных записей недоступен; повторяем попытку…
error-store_failed = Хранилище учётных записей не открывается; устраните проблему, описанную ниже, и перезапустите Latchkey.
error-email_not_verified = Сначала подтвердите адрес почты. Мы отправили вам код.
error-session_expired = Сеанс истёк. Войдите снова.
error-session_revoked = Сеанс был завершён. Войдите снова.
error-session_unknown = Вы не вошли в систему.
error-not_found = Этого больше нет.
error-feature_disabled = Эта часть { -app } отключена в этом приложении.
error-settings_locked = Настройки почты здесь изменить нельзя. { $detail }
error-mailbox_locked = Войдите, чтобы увидеть письма, отправленные вам.
error-mail_held = Письма задержаны, пока не исправлены настройки почты. { $detail }
error-rate_limited = Слишком много тестовых писем. Подождите немного и попробуйте снова.
error-smtp_connect = Не удалось связаться с почтовым сервером. { $detail }
error-smtp_tls = Не удалось установить защищённое соединение с почтовым сервером. { $detail }
error-smtp_auth = Почтовый сервер не принял имя пользователя или пароль. { $detail }
error-smtp_rejected = Почтовый сервер отклонил письмо. { $detail }
error-required = Это поле обязательно.
error-too_long = Слишком длинно.
error-too_many = Слишком много значений.
error-id_invalid = Такого элемента нет.
error-handle_invalid = Эта регистрация больше не ожидает подтверждения. Зарегистрируйтесь снова.
error-purpose_unknown = Неизвестный вид кода.
error-locale_unknown = Этот язык недоступен.
error-email_invalid = Это не адрес электронной почты вида ada@example.com.
error-email_too_long = Адрес почты может содержать не более 254 символов.
error-name_invalid = Используйте буквы, пробелы, апострофы и дефисы, без управляющих символов.
error-username_length = Имя пользователя — от 3 до 32 символов.
error-username_invalid = Используйте буквы, цифры, точки, дефисы или подчёркивания.
error-username_looks_like_email = Имя пользователя не может выглядеть как адрес почты.
error-username_mismatch = Введите имя пользователя точно так, как оно показано.
error-email_unchanged = Это уже ваш адрес эл. почты.
error-image_too_large = Изображение больше 5 МБ. Выберите файл поменьше.
error-image_too_many_pixels = В изображении больше 40 мегапикселей. Выберите изображение поменьше.
error-image_invalid = Этот файл не является изображением PNG, JPEG или WebP либо повреждён.
error-password_too_short = Пароль слишком короткий.
error-password_weak = Этот пароль легко угадать. Добавьте ещё слов или символов.
error-code_format = Введите цифры полученного кода.
error-smtp_url_invalid = Это неподходящий адрес почтового сервера. { $detail }
error-mail_from_invalid = Укажите отправителя, например Latchkey <no-reply@example.com>.

activity-registered = Учётная запись создана
activity-registration_attempted = Кто-то пытался зарегистрироваться с вашим адресом эл. почты или телефоном
activity-code_sent = Вам отправлен код
activity-code_failed = Введён неверный код
activity-email_verified = Адрес эл. почты подтверждён
activity-login_succeeded = Вход выполнен
activity-login_failed = Неудачная попытка входа
activity-logged_out = Выход из системы
activity-password_reset_requested = Запрошен сброс пароля
activity-password_changed = Пароль изменён
activity-sessions_revoked = Сеансы завершены
activity-profile_updated = Профиль изменён
activity-picture_changed = Фото профиля изменено
activity-picture_removed = Фото профиля удалено
activity-email_change_requested = Отправлен код для подтверждения нового адреса эл. почты
activity-email_changed = Адрес эл. почты изменён
activity-data_exported = Ваши данные выгружены
activity-account_deleted = Аккаунт удалён

mailbox-status-queued = в очереди
mailbox-status-sent = отправлено
mailbox-status-delivered_locally = доставлено локально
mailbox-status-failed = ошибка доставки

## Письма

mail-greeting = Здравствуйте, { $first_name }!
mail-greeting_anonymous = Здравствуйте!
mail-signature = — { -app }
mail-footer_automatic = Это письмо отправлено автоматически приложением { -app }. Ответы не читаются.
mail-not_you_ignore = Если это были не вы, просто не обращайте внимания на это письмо: ничего не изменится.
mail-not_you_contact = Если это были не вы, возможно, кто-то знает ваш пароль: обратитесь к тому, кто обслуживает вашу установку { -app }.
mail-code_label = Ваш код
mail-code_lifetime = Код действует { $lifetime } с момента отправки этого письма.
mail-code_copy_hint = Введите его в { -app } там, где его запросили. Никому его не сообщайте.
mail-verify_email-subject = Ваш код подтверждения { -app }
mail-verify_email-intro = Используйте этот код, чтобы подтвердить адрес эл. почты в { -app }:
mail-reset_password-subject = Ваш код для сброса пароля { -app }
mail-reset_password-intro = Кто-то запросил сброс пароля вашей учётной записи { -app }. Используйте этот код, чтобы задать новый пароль:
mail-password_changed-subject = Ваш пароль { -app } изменён
mail-password_changed-intro = Пароль вашей учётной записи { -app } только что изменён, все остальные сеансы завершены.
mail-change_email-subject = Ваш код { -app } для смены адреса эл. почты
mail-change_email-intro = Кто-то попросил сделать этот адрес адресом своей учётной записи { -app }. Используйте этот код, чтобы подтвердить его:
mail-email_changed-subject = Адрес эл. почты в { -app } изменён
mail-email_changed-intro = Адрес эл. почты вашей учётной записи { -app } изменён на адрес в домене { $domain }. С этим адресом больше нельзя войти.
mail-registration_attempt-subject = Кто-то пытался зарегистрироваться с вашим адресом
mail-registration_attempt-intro = Кто-то пытался создать новую учётную запись { -app } с этим адресом эл. почты, но для него уже есть учётная запись. Новая учётная запись не создана.
mail-registration_attempt-forgot = Если это были вы и вы забыли пароль, нажмите «Забыли пароль?» на экране входа.
mail-test-subject = Тестовое письмо { -app }
mail-test-intro = Это тестовое письмо от { -app }. Настройки почты работают.
mail-duration-seconds =
    { $n ->
        [one] { $n } секунду
        [few] { $n } секунды
       *[many] { $n } секунд
    }
mail-duration-minutes =
    { $n ->
        [one] { $n } минуту
        [few] { $n } минуты
       *[many] { $n } минут
    }
mail-duration-hours =
    { $n ->
        [one] { $n } час
        [few] { $n } часа
       *[many] { $n } часов
    }

## Kiosk mode
kiosk-countdown = Выход через { $secs } с — коснитесь экрана или нажмите клавишу, чтобы остаться.
kiosk-switchUser = Сменить пользователя
kiosk-exitTitle = Выход оператора
kiosk-exitPassword = Пароль оператора
kiosk-exitPasswordRequired = Введите пароль оператора.
kiosk-exitSubmit = Выйти из режима киоска
kiosk-exitCancel = Отмена
kiosk-exited = Режим киоска отключён до перезапуска: окно можно закрыть.
error-operator_password_wrong = Это не пароль оператора.
error-qa_mode_off = Инструменты QA работают только в режиме QA.
error-no_message = На этот адрес ничего не отправлялось.
error-travel_out_of_range = Переведите часы вперёд не меньше чем на минуту и не больше чем на год.
error-count_out_of_range = Можно создать от 1 до 50 учётных записей.

error-not_kiosk = { -app } работает не в режиме киоска.
error-operator_exit_throttled = Слишком много неверных паролей оператора. Подождите немного и попробуйте снова.
error-fixtures_full = Свободных имён для тестовых данных не осталось: сначала сбросьте данные QA.
error-confirmation_required = Сначала подтвердите, что всё можно удалить.

## QA mode
qa-banner = Режим QA — только тестовые данные.
qa-tools = Инструменты QA
qa-clockAhead = Часы приложения: впереди на { $duration } ({ $time }).
qa-clockReal = Часы приложения: реальное время.
qa-travelTitle = Перевод часов
qa-travel-60 = +1 мин
qa-travel-600 = +10 мин
qa-travel-3600 = +1 ч
qa-travel-86400 = +1 день
qa-travelCustom = На сколько минут вперёд
qa-travelGo = Перевести часы
qa-travelInvalid = Введите целое число минут, не меньше 1.
qa-travelReset = Вернуть реальное время
qa-latestTitle = Последний код
qa-latestTo = Кому отправлен (email)
qa-latestRequired = Введите адрес электронной почты.
qa-latestSubmit = Показать последний код
qa-latestMeta = «{ $subject }» · { $status } · { $time }
qa-copy = Копировать
qa-copyCode = Копировать код
qa-fixturesTitle = Тестовые данные
qa-fixtureCount = Подтверждённых учётных записей
qa-fixturesSubmit = Создать тестовые данные
qa-fixturesBusy = Создаём…
qa-fixturesPassword = Пароль всех тестовых учётных записей:
qa-kind-verified = подтверждена
qa-kind-unverified = не подтверждена
qa-kind-throttled = вход задержан
qa-kind-expired_code = код истёк
qa-faultTitle = Сбои почты
qa-faultLabel = Следующее письмо
qa-fault-none = доставляется как обычно
qa-fault-refuse_next = отклонено (5xx)
qa-fault-delay_next = задержано (4xx, повтор)
qa-fault-hold_offline = удержано (нет связи)
qa-faultApply = Применить
qa-mailboxTitle = Почтовый ящик разработчика (все письма)
qa-mailboxKeep = Хранятся только { $n } самых новых писем.
qa-mailboxQuery = Получатель или тема
qa-mailboxSearch = Найти
qa-mailboxEmpty = Писем нет.
qa-view-text = Текст
qa-view-html = HTML
qa-view-raw = Исходный текст
qa-resetTitle = Сброс данных
qa-reset = Сбросить данные…
qa-resetConfirm = Удалить все учётные записи и письма хранилища QA? Приложение перезапустится.
qa-resetYes = Удалить всё
qa-resetNo = Отмена
## My account (issue 12)
account-editProfile = Изменить профиль
account-editTitle = Изменение профиля
account-save = Сохранить
account-saving = Сохраняем…
account-profileSaved = Профиль сохранён.
account-back = Назад к аккаунту
account-changePassword = Сменить пароль
account-changePasswordTitle = Смена пароля
account-currentPassword = Текущий пароль
account-changingPassword = Меняем пароль…
account-staySignedIn = Все остальные сеансы будут завершены. Здесь вы останетесь в системе.
account-passwordChanged = Пароль изменён. Остальные сеансы завершены, а здесь вы по-прежнему в системе.
account-deleteAccount = Удалить аккаунт
account-deleteTitle = Удаление аккаунта
account-deleteWarning = Будут стёрты ваш аккаунт, сеансы и отправленные вам письма. Отменить это нельзя.
account-typeUsername = Для подтверждения введите имя пользователя ({ $username })
account-usernameMismatch = Введите имя пользователя точно так, как оно показано.
account-deleteForever = Удалить аккаунт навсегда
account-deleting = Удаляем…
account-deleted = Ваш аккаунт удалён.
account-deleteByCode = Подтвердить кодом
account-deleteByPassword = Подтвердить паролем
account-deleteCodeSending = Отправляем код…
account-deleteCodeHint = Код из письма, которое мы только что отправили на ваш адрес.
account-deleteCodeExplain = Вошли по коду и не помните пароль? Мы отправим код на ваш адрес; введите его здесь.

## Моя учётная запись: смена адреса, фото, выгрузка
changeEmail-button = Сменить адрес эл. почты
changeEmail-title = Смена адреса эл. почты
changeEmail-explain = Ваш адрес — { $email }. Мы отправим код на новый адрес; старый действует, пока вы не введёте код.
changeEmail-newEmail = Новый адрес эл. почты
changeEmail-send = Отправить код на новый адрес
changeEmail-sending = Отправка…
changeEmail-oldStays = Пока вы не введёте код, вашим адресом остаётся { $email }.
changeEmail-codeHint = 6-значный код из письма, отправленного на новый адрес.
changeEmail-confirm = Сменить адрес
changeEmail-cancel = Отменить смену
changeEmail-cancelling = Отмена…
changeEmail-passwordAgain = Введите пароль ещё раз, чтобы получить новый код.
changeEmail-done = Адрес эл. почты изменён. Теперь входите с новым адресом.
picture-button = Фото профиля
picture-title = Фото профиля
picture-choose = Выберите изображение
picture-hint = PNG, JPEG или WebP, не больше 5 МБ. Оно будет обрезано до квадрата и уменьшено.
picture-uploading = Сохранение фото…
picture-saved = Фото сохранено.
picture-remove = Удалить фото
picture-removing = Удаление…
picture-removed = Фото удалено.
picture-alt = Фото профиля: { $firstName }
export-button = Выгрузить мои данные
export-busy = Выгрузка…
export-fileName = latchkey-moi-dannye.json
export-saved = Ваши данные сохранены в { $path }.
error-no_save_dialog = Окно сохранения недоступно в этом приложении ({ $detail }).
## Issue 11: verified phones, texts (SMS) and signing in with a code
mail-sign_in-subject = Ваш код для входа в { -app }
mail-sign_in-intro = Кто-то попросил войти в вашу учётную запись { -app } по коду. Используйте этот код для входа:
mail-sign_in-not_you = Если это были не вы, никому не сообщайте код: ваш пароль по-прежнему действует, ничего не изменилось.
mail-delete_account-subject = Код для удаления учётной записи { -app }
mail-delete_account-intro = Кто-то, вошедший в вашу учётную запись { -app }, попросил её удалить. Чтобы подтвердить удаление, используйте этот код:
mail-delete_account-not_you = Если это были не вы, никому не сообщайте код и смените пароль: без кода ничего не будет удалено.
sms-verify_phone = { -app }: { $code } — ваш код для подтверждения этого номера телефона. Он действует { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}.
sms-sign_in = { -app }: { $code } — ваш код для входа. Он действует { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}. Никому его не сообщайте.
error-phone_already_verified = Ваш номер телефона уже подтверждён.
error-channel_unknown = Выберите электронную почту или SMS.
activity-phone_verified = Номер телефона подтверждён
activity-sign_in_code_requested = Запрошен код для входа
phone-title = Номер телефона
phone-verify = Подтвердить телефон
phone-verified = Подтверждён
phone-unverified = Не подтверждён
phone-sendCode = Прислать код в SMS
phone-resend = Прислать новый код
phone-codeSent = Мы отправили код в SMS на номер { $phone }.
phone-codeLabel = Код из SMS
phone-confirm = Подтвердить телефон
phone-done = Ваш номер телефона подтверждён.
phone-offer = Подтвердите и номер телефона, чтобы входить по коду из SMS.
phone-later = Не сейчас
delivery-queued = Ожидает отправки
delivery-sent = Отправлено
delivery-failed = Не отправлено: { $reason }
signin-emailCode = Прислать код на почту
signin-smsCode = Прислать код в SMS
signin-codeSent = Если такая учётная запись есть и может его получить, мы отправили ей код. Введите его ниже.
signin-codeLabel = Код
signin-codeSubmit = Войти по коду
signin-usePassword = Войти с паролем
smsinbox-title = Тестовые SMS
smsinbox-open = SMS-сообщения
smsinbox-empty = SMS-сообщений пока нет.
smsinbox-note = Сообщения появляются здесь, потому что SMS-шлюз не настроен.
## Roles, invites and administration (issue 13)
mail-account_locked-subject = Ваша учётная запись { -app } заблокирована
mail-account_locked-intro = Только что кто-то вошёл в вашу учётную запись { -app } с верным паролем, но учётная запись заблокирована, и вход был отклонён.
mail-account_locked-contact = Чтобы её разблокировать, обратитесь: { $contact }.
mail-account_locked-contact_admin = Чтобы её разблокировать, обратитесь к человеку, который обслуживает вашу установку { -app }.
activity-account_locked = Учётная запись заблокирована администратором
activity-account_unlocked = Учётная запись разблокирована
activity-roles_changed = Роли изменены
activity-invite_created = Приглашение создано
activity-invite_revoked = Приглашение отозвано
activity-invite_redeemed = Введён код приглашения
activity-sign_in_delay_cleared = Задержка входа снята администратором
activity-admin_created = Создана учётная запись администратора
error-invite_invalid = Этот код приглашения недействителен: возможно, в нём опечатка, срок его действия истёк, он исчерпан или предназначен для другого адреса.
error-invite_required = Регистрация только по приглашению: введите код приглашения.
error-registration_closed = Регистрация закрыта. Попросите администратора создать вам учётную запись.
error-forbidden = Это могут делать только администраторы.
error-last_admin = Это последний администратор: сначала назначьте администратором кого-нибудь ещё.
error-role_unknown = Такой роли нет.
error-role_not_self_service = Эту роль нельзя выбрать здесь: её дают по приглашению или администратор.
error-already_invited = Вы уже ввели код приглашения.
error-own_invite_code = Это ваш собственный код приглашения: введите код того, кто вас пригласил.
error-invite_code_format = Код приглашения — это 8 букв и цифр, например 7KQ2-9XMD.

## Issue 13: screens for invites and administration
common-back = Назад
common-saving = Сохранение…
register-inviteCode = Код приглашения
register-inviteCodeOptional = Код приглашения (необязательно)
register-inviteCodeHint = 8 букв и цифр, например 7KQ2-9XMD; с дефисом или без.
register-role = Я регистрируюсь как
role-member = Участник
role-admin = Администратор
role-student = Студент
role-instructor = Преподаватель
invites-button = Приглашения
invites-title = Приглашения
invites-subtitle = Дайте свой код тем, кого приглашаете; здесь видно, кто присоединился по нему.
invites-myCode = Мой код приглашения
invites-joinedTitle = Присоединились по моему коду
invites-nobodyJoined = По вашему коду пока никто не присоединился.
invites-invitedByTitle = Кто меня пригласил
invites-invitedBy = Вас пригласил(а) { $name }.
invites-invitedByNobody = Вы ещё не вводили ничей код приглашения.
invites-enterLabel = Код приглашения другого человека
invites-enterSubmit = Ввести код
invites-entered = Код приглашения введён.
admin-button = Администрирование
admin-title = Администрирование
admin-subtitle = Учётные записи, приглашения и журнал аудита. Каждое действие здесь записывается с вашим именем.
admin-accounts = Учётные записи
admin-searchLabel = Адрес эл. почты, имя пользователя, телефон или имя
admin-search = Найти
admin-searching = Поиск…
admin-noAccounts = Ничего не найдено.
admin-lock = Заблокировать
admin-unlock = Разблокировать
admin-locked = { $username } заблокирован(а), все сеансы завершены.
admin-unlocked = { $username } разблокирован(а).
admin-lockedBadge = Заблокирована
admin-lockForLabel = Срок блокировки
admin-lockUntilUnlocked = пока не разблокируют
admin-lockDays = { $n ->
    [one] на { $n } день
    [few] на { $n } дня
   *[other] на { $n } дней
}
admin-lockedUntil = заблокирована до { $at }
admin-endSessions = Завершить сеансы
admin-sessionsEnded = { $n ->
    [one] Завершён { $n } сеанс.
    [few] Завершено { $n } сеанса.
   *[other] Завершено { $n } сеансов.
}
admin-clearDelay = Снять задержку входа
admin-delayCleared = Задержка входа снята.
admin-rolesLabel = Роли через запятую
admin-saveRoles = Сохранить роли
admin-rolesSaved = Роли сохранены.
admin-liveSessions = { $n ->
    [one] { $n } сеанс
    [few] { $n } сеанса
   *[other] { $n } сеансов
}
admin-invites = Приглашения
admin-inviteRoles = Выдаваемые роли
admin-inviteRolesHint = Через запятую; пусто — роль по умолчанию.
admin-inviteEmail = Только для этого адреса (необязательно)
admin-inviteDays = Действует (дней)
admin-inviteMaxUses = Сколько раз можно использовать
admin-createInvite = Создать приглашение
admin-inviteCreated = Приглашение { $code } создано.
admin-daysInvalid = Введите число дней от 1 до 3650.
admin-maxUsesInvalid = Введите число использований от 1 до 10000.
admin-noInvites = Приглашений пока нет.
admin-revoke = Отозвать
admin-copy = Копировать
admin-noRoles = роль по умолчанию
admin-uses = использовано { $uses } из { $max }
admin-expires = действует до { $at }
admin-redeemedBy = использовали: { $names }
admin-inviteState-pending = Действует
admin-inviteState-used_up = Исчерпано
admin-inviteState-expired = Истекло
admin-inviteState-revoked = Отозвано
admin-audit = Журнал аудита
admin-auditKind = Тип события
admin-allKinds = Все типы
admin-filter = Отобрать
admin-noAudit = Записей нет.
admin-showActivity = Действия
admin-allAccounts = Все учётные записи
admin-auditOf = Только события @{ $username }.
admin-by = выполнил(а): { $actor }
