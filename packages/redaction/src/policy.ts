/**
 * The redaction policy as data: key rules, value detectors and the action per type. The default
 * policy is below; `loadPolicy` reads the same shape from JSON or YAML and merges it over the default.
 */
import { readFileSync } from 'node:fs';

/** What happens to a detected value. */
export type Action = 'drop' | 'mask' | 'hash' | 'truncate' | 'keep';

export type PiiType =
  | 'email'
  | 'phone'
  | 'person_name'
  | 'address'
  | 'card_number'
  | 'iban'
  | 'ip_address'
  | 'geo'
  | 'cookie'
  | 'device_id'
  | 'password'
  | 'api_key'
  | 'bearer_token'
  | 'jwt'
  | 'aws_access_key'
  | 'aws_secret_key'
  | 'lwa_token'
  | 'private_key'
  | 'ssn'
  | 'date_of_birth'
  | 'gift_message'
  | 'free_text_personal'
  | (string & {});

/**
 * A key rule. A key (attribute name, JSON key, query/form parameter, SQL column, header name) is
 * split into lower-case word tokens (`dateOfBirth` → date of birth, `x-api-key` → x api key).
 * The rule applies when the key ends with one of `match` (token sequences, or the same words run
 * together, e.g. `firstname`), and, if `context` is given, when an earlier token of the key or of
 * its parent keys is one of `context`; `unlessContext` vetoes the rule the same way.
 */
export interface KeyRule {
  type: PiiType;
  /** Overrides the type's action for values found by this rule. */
  action?: Action;
  match: string[];
  context?: string[];
  unlessContext?: string[];
  /** `whole` (default): the value is the secret. `authorization`: strip the scheme word. `cookie`: a Cookie/Set-Cookie value. */
  handling?: 'whole' | 'authorization' | 'cookie';
}

/** A value detector: an RE2-compatible pattern (no lookaround, no backreferences). */
export interface DetectorRule {
  id: string;
  type: PiiType;
  /** Overrides the type's action for values found by this detector. */
  action?: Action;
  pattern: string;
  /** JS flags besides `g` (only `i`, `u` and `s`); the collector gets `(?i)`/`(?s)` prefixes. */
  flags?: string;
  /** Capture group holding the sensitive part (0 = whole match). */
  group?: number;
  /** Named check applied to the captured text (luhn, iban, ipv4, ipv6, ssn, jwt, basic, phone, secret40, latlon, date). */
  validate?: string;
  /** Higher wins when two detections overlap. */
  priority?: number;
  /** Emit into the collector's `blocked_values` / transform statements (default true when portable). */
  collector?: boolean;
  enabled?: boolean;
}

export interface Policy {
  version: 1;
  /** Action per type; `default` for types without an entry. */
  actions: Record<string, Action>;
  keys: KeyRule[];
  /** Keys that are never sensitive by name (pagination tokens, client ids, hashes…). Matched like `match`. */
  safeKeys: string[];
  detectors: DetectorRule[];
  /** Free-text detectors for names and addresses (cue words, structure). */
  freeText: {
    names: boolean;
    addresses: boolean;
    /**
     * Also run the `compromise` NLP tagger (people) on prose in message fields (`*.message`, `*.body`,
     * `*.text`, `*comment*`, …). Off by default: it finds more names in prose, at about 1 ms per value.
     */
    nlp?: boolean;
  };
  /** Values that are already redacted and stay as they are (anchored RE2 patterns). */
  redactedValues: string[];
}

const PERSON_CONTEXT = [
  'customer', 'buyer', 'user', 'recipient', 'shipping', 'billing', 'contact', 'person', 'sender',
  'holder', 'seller', 'patient', 'employee', 'member', 'owner', 'enduser', 'shipto', 'ship', 'receiver',
  'consignee', 'passenger', 'guest', 'client', 'account', 'profile', 'applicant', 'beneficiary', 'payer', 'payee',
  'cardholder', 'addressee', 'driver', 'attendee', 'subscriber', 'respondent',
  // the same roles in other languages
  'cliente', 'kunde', 'kundin', 'klient', 'kund', 'klant', 'asiakas', 'zákazník', 'zakaznik', 'ügyfél', 'müşteri',
  'comprador', 'acheteur', 'acquirente', 'käufer', 'destinatario', 'destinataire', 'destinatário', 'empfänger',
  'odbiorca', 'mottagare', 'modtager', 'mottaker', 'vastaanottaja', 'příjemce', 'címzett', 'usuario', 'utilisateur',
  'utente', 'benutzer', 'gebruiker', 'użytkownik', 'paciente', 'patient', 'passagier', 'pasajero', 'gast', 'huésped',
];
const NET_CONTEXT = [
  'client', 'server', 'source', 'destination', 'peer', 'network', 'net', 'host', 'local', 'remote', 'ip', 'mac',
  'email', 'mail', 'bind', 'listen', 'proxy', 'upstream', 'socket', 'http', 'url', 'wallet', 'contract', 'memory',
  'ipv4', 'ipv6', 'return', 'web', 'node', 'pod', 'endpoint', 'broker', 'device', 'hardware', 'sock', 'service',
];

export const DEFAULT_POLICY: Policy = {
  version: 1,
  actions: {
    default: 'mask',
    email: 'hash',
    phone: 'hash',
    person_name: 'hash',
    device_id: 'hash',
    ip_address: 'truncate',
    password: 'mask',
    private_key: 'mask',
  },
  keys: [
    { type: 'password', match: ['password', 'passwd', 'pwd', 'pw', 'passcode', 'pass phrase', 'passphrase', 'pass', 'user password', 'db password', 'credential', 'credentials', 'pin', 'passwort', 'kennwort', 'contrasena', 'contraseña', 'mot de passe', 'motdepasse', 'senha', 'wachtwoord', 'haslo', 'parola', 'salasana', 'losenord', 'recovery code', 'recovery codes', 'backup code', 'backup codes'] },
    { type: 'api_key', match: ['secret', 'client secret', 'api key', 'apikey', 'x api key', 'api token', 'app secret', 'secret key', 'signing key', 'private key', 'client key', 'encryption key', 'master key', 'access key secret', 'license key', 'webhook secret', 'shared secret', 'consumer secret', 'subscription key', 'account key', 'session key', 'auth key', 'app key', 'signing secret', 'hmac key', 'private token', 'deploy key', 'access secret'] },
    { type: 'aws_access_key', match: ['access key id', 'access key', 'aws access key id'] },
    { type: 'aws_secret_key', match: ['secret access key', 'aws secret access key', 'aws secret key'] },
    { type: 'bearer_token', match: ['token', 'access token', 'refresh token', 'id token', 'session token', 'security token', 'auth token', 'bearer', 'oauth code', 'auth code', 'authorization code', 'code verifier', 'reset token', 'signature', 'x amz signature', 'x amz security token', 'x amz access token', 'otp', 'totp', 'mfa code', 'verification code', 'csrf', 'csrftoken', 'xsrf token', 'csrf token', 'sid', 'session id', 'sessionid', 'session', 'jsessionid', 'phpsessid', 'sas', 'sig'] },
    { type: 'password', match: ['authorization', 'proxy authorization', 'auth', 'www authenticate'], handling: 'authorization', unlessContext: ['oauth'] },
    { type: 'cookie', match: ['cookie', 'cookies', 'set cookie'], handling: 'cookie' },
    { type: 'email', match: ['email', 'e mail', 'mail', 'email address', 'emailaddress', 'mail address', 'reply to', 'mail to', 'mailto', 'respondent', 'correo', 'correo electronico', 'courriel', '邮箱', '电子邮件', 'メール', 'メールアドレス', '이메일', 'почта', 'эл почта', 'البريد', 'דואל', 'adresse mail', 'adresse email', 'mailadresse', 'sender', 'from address', 'to address'] },
    { type: 'phone', match: ['phone', 'phone number', 'telephone', 'tel', 'mobile', 'mobile number', 'cell', 'msisdn', 'fax', 'sms to', 'phonenumber', 'whatsapp', 'contact number', 'telefono', 'teléfono', 'telefon', 'telephone number', 'téléphone', 'movil', 'móvil', 'handy', 'handynummer', 'cellulare', 'telemovel', 'portable', 'rufnummer', 'telefoonnummer', 'mobiel', 'mobil', 'mobilnummer', 'telefonnummer', 'telefoon', 'telefone', 'tlf', 'puhelin', 'puhelinnumero', 'matkapuhelin', 'numer telefonu', 'telefonní číslo', 'telefonszám', '电话', '電話', '电话号码', '電話番号', '手机', '手機', '携帯電話', '전화', '전화번호', '휴대폰', 'телефон', 'τηλέφωνο', 'κινητό', 'هاتف', 'جوال', 'טלפון', 'נייד', 'โทรศัพท์'] },
    { type: 'person_name', match: ['full name', 'first name', 'last name', 'given name', 'family name', 'surname', 'middle name', 'maiden name', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname', 'account holder', 'accountholder', 'card holder', 'cardholder', 'holder name', 'recipient', 'buyer name', 'customer name', 'recipient name', 'display name', 'nickname', 'contact name', 'billing name', 'shipping name', 'name on card', 'forename', 'attention', 'ship to name', 'nombre', 'apellido', 'apellidos', 'nombre completo', 'vorname', 'nachname', 'prenom', 'prénom', 'nom de famille', 'nome', 'cognome', 'sobrenome', 'nome completo', 'voornaam', 'achternaam', 'imie', 'nazwisko', 'patient name', 'guest name', 'passenger name', 'beneficiary name', 'payee name', 'payer name', 'sender name', 'receiver name', 'consignee', 'förnamn', 'fornamn', 'efternamn', 'fornavn', 'etternavn', 'efternavn', 'etunimi', 'sukunimi', 'jméno', 'jmeno', 'příjmení', 'prijmeni', 'vezetéknév', 'keresztnév', 'apelido', 'primeiro nome', 'soyad', 'soyadı', '姓名', '名字', '姓', '名前', '氏名', '이름', '성명', 'имя', 'фамилия', 'отчество', 'фио', 'όνομα', 'επώνυμο', 'الاسم', 'שם', 'ชื่อ', 'họ tên', 'tên', 'ad soyad'] },
    // a bare `name` or `holder` is a person under a person's object (`customer.name`, `card.holder`, Stripe's `card.name`)
    { type: 'person_name', match: ['name', 'nom', 'naam', 'navn', 'namn', 'nimi', 'holder'], context: PERSON_CONTEXT.concat(['address', 'shipping address', 'buyer info', 'shippingaddress', 'card', 'payment method', 'billing details']) },
    { type: 'address', match: ['address line', 'address line1', 'address line2', 'address line3', 'addressline1', 'addressline2', 'line1', 'line2', 'line3', 'street', 'street address', 'street line', 'house number', 'city', 'town', 'postal code', 'postal', 'pincode', 'pin code', 'postcode', 'post code', 'eircode', 'zip', 'zipcode', 'zip code', 'district', 'county', 'suburb', 'locality', 'address1', 'address2', 'addr', 'home address', 'mailing address', 'postal address', 'delivery address', 'billing address', 'shipping address', 'direccion', 'dirección', 'domicilio', 'strasse', 'straße', 'hausnummer', 'adresse', 'indirizzo', 'endereco', 'endereço', 'plz', 'postleitzahl', 'code postal', 'codigo postal', 'código postal', 'ciudad', 'ville', 'ort', 'wohnort', 'stadt', 'citta', 'città', 'cidade', 'localidad', 'provincia', 'postcode nl', 'postnummer', 'straat', 'huisnummer', 'woonplaats', 'ulica', 'kod pocztowy', 'miasto', 'postort', 'gatuadress', 'adress', 'postinumero', 'postitoimipaikka', 'kaupunki', 'katuosoite', 'osoite', 'poststed', 'postnr', 'localita', 'località', 'comune', 'bairro', 'cep', 'ulice', 'město', 'mesto', 'psč', 'psc', 'adresa', 'utca', 'irányítószám', 'város', 'cím', 'adres', '地址', '住所', '주소', 'адрес', 'διεύθυνση', 'العنوان', 'عنوان', 'כתובת', 'ที่อยู่', 'địa chỉ', '邮编', '郵便番号', '우편번호', 'индекс', 'город', 'πόλη'], unlessContext: ['geo'] },
    { type: 'address', match: ['address', 'cap'], context: PERSON_CONTEXT.concat(['home', 'postal', 'mailing', 'delivery', 'street', 'residential', 'billing', 'shipping', 'order']), unlessContext: NET_CONTEXT },
    { type: 'geo', match: ['lat', 'latitude', 'lng', 'lon', 'long', 'longitude', 'geo', 'geolocation', 'coordinates', 'coords', 'gps', 'location', 'geo point', 'position', 'geo city', 'geo postal code', 'geo zip', 'geo region name'], unlessContext: ['file', 'code', 'log', 'source', 'k8s', 'cloud', 'resource', 'storage', 'bucket', 'redirect', 'http', 'response', 'header', 'url', 'job', 'queue'] },
    { type: 'device_id', match: ['device id', 'deviceid', 'device', 'android id', 'advertising id', 'advertisingid', 'ad id', 'idfa', 'idfv', 'gaid', 'aaid', 'imei', 'meid', 'imsi', 'mac', 'mac address', 'macaddress', 'installation id', 'install id', 'installation', 'udid', 'fingerprint', 'device fingerprint', 'hardware id', 'serial number', 'ubid', 'visitor id', 'client id cookie'], unlessContext: ['os', 'type', 'model', 'vcs', 'git', 'tls', 'ssh', 'cert', 'certificate'] },
    { type: 'ip_address', match: ['ip', 'ip address', 'ipaddress', 'client ip', 'remote addr', 'remote ip', 'x forwarded for', 'x real ip', 'forwarded for', 'true client ip', 'cf connecting ip', 'last login ip', 'forwarded'] },
    { type: 'date_of_birth', match: ['dob', 'birthday', 'birth date', 'birthdate', 'date of birth', 'dateofbirth', 'born', 'born on', 'birth', 'geburtsdatum', 'geburtstag', 'fecha nacimiento', 'fecha de nacimiento', 'date naissance', 'date de naissance', 'data nascita', 'data di nascita', 'data de nascimento', 'data nascimento', 'geboortedatum', 'fodelsedatum', 'födelsedatum', 'fødselsdato', 'fodselsdato', 'syntymäaika', 'syntymaaika', 'datum narození', 'datum narozeni', 'data urodzenia', 'születési dátum', 'szuletesi datum', 'doğum tarihi', 'dogum tarihi', 'data nașterii', 'data nasterii'] },
    { type: 'ssn', match: ['ssn', 'social security number', 'social security', 'sin', 'national id', 'national insurance number', 'nino', 'tax id', 'taxpayer id', 'tin', 'passport number', 'passport', 'driver license', 'drivers license', 'driving licence', 'national insurance', 'nir', 'dni', 'nie', 'nif', 'codice fiscale', 'cpf', 'cnpj', 'bsn', 'pesel', 'personnummer', 'steuer id', 'steuernummer', 'sozialversicherungsnummer', 'personalausweis', 'id card number', 'tax number', 'aadhaar', 'pan number', 'curp', 'rfc', 'rut', 'fodselsnummer', 'fødselsnummer', 'cpr', 'cpr nummer', 'henkilötunnus', 'hetu', 'rodné číslo', 'rodne cislo', 'tc kimlik', 'tckn', 'cnp', 'tfn', 'tax file number', 'medicare', 'medicare number'] },
    { type: 'card_number', match: ['card number', 'cardnumber', 'card no', 'pan', 'cc number', 'ccnum', 'credit card', 'creditcard', 'cvc', 'cvv', 'cvv2', 'cvc2', 'csc', 'security code', 'card verification', 'card', 'payment card'] },
    { type: 'iban', match: ['iban', 'bank account', 'account number', 'bic iban', 'routing number', 'sort code', 'bank account number', 'kontonummer', 'numero de cuenta', 'numéro de compte', 'rekeningnummer'] },
    { type: 'gift_message', match: ['gift message', 'gift message text', 'giftmessage', 'giftmessagetext', 'gift note', 'gift text', 'gift card message'] },
    { type: 'gift_message', match: ['text', 'message', 'body', 'note', 'content'], context: ['gift'] },
    { type: 'free_text_personal', match: ['comment', 'comments', 'feedback', 'answer', 'answers', 'review', 'review text', 'note', 'notes', 'delivery instructions', 'delivery note', 'instructions', 'response text', 'message text', 'free text', 'remarks', 'special instructions', 'body', 'text', 'message', 'a', 'response', 'responses', 'question answer', 'reason text'], context: ['survey', 'buyer', 'customer', 'feedback', 'review', 'gift', 'delivery', 'chat', 'complaint', 'responses', 'contact', 'support', 'ticket', 'respondent', 'order', 'shipping'] },
    { type: 'free_text_personal', match: ['feedback comment', 'survey response', 'survey answer', 'buyer comment', 'customer comment', 'delivery instructions', 'customer note', 'buyer note'] },
  ],
  safeKeys: [
    'next token', 'nexttoken', 'page token', 'pagination token', 'continuation token', 'cursor', 'sync token',
    'token type', 'token count', 'token expiry', 'token expires', 'token name', 'token id', 'tokens',
    'client id', 'application id', 'app id', 'request id', 'trace id', 'span id', 'order id', 'seller id',
    'marketplace id', 'document id', 'hash', 'sha256', 'sha1', 'md5', 'digest', 'checksum', 'etag', 'key hash',
    'password hash', 'password changed', 'password policy', 'password reset requested', 'password expires',
    'card last4', 'last4', 'card masked', 'card brand', 'card type', 'card expiry', 'expiry', 'card exp',
    'scheme', 'grant type', 'scope', 'expires in', 'issued at', 'token type hint', 'api key name', 'api key id',
    'key id', 'keyid', 'algorithm', 'name', 'country', 'country code', 'state', 'state or region', 'region',
    'currency', 'version', 'status', 'type', 'kind', 'count', 'length', 'size', 'id', 'code', 'duration',
    'device type', 'device model', 'os', 'user agent', 'tracking id', 'tracking number', 'order number',
    'invoice number', 'sku', 'asin', 'subscription id', 'resource id', 'account id', 'customer id', 'user id',
  ],
  detectors: [
    { id: 'private_key', type: 'private_key', pattern: '-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----', priority: 100 },
    { id: 'jwt', type: 'jwt', pattern: 'eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*', priority: 95 },
    { id: 'lwa_token', type: 'lwa_token', pattern: 'Atz[ar](?:\\||%7[Cc])[A-Za-z0-9_\\-+/=.%!]{10,}', priority: 95 },
    { id: 'lwa_client_secret', type: 'api_key', pattern: 'amzn1\\.oa2-cs\\.v1\\.[A-Za-z0-9]{16,}', priority: 95 },
    { id: 'aws_access_key', type: 'aws_access_key', pattern: '\\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16})\\b', group: 1, priority: 90 },
    { id: 'aws_secret_after_key', type: 'aws_secret_key', pattern: '(?:AKIA|ASIA)[A-Z0-9]{16}[\\s/:,|"\'=;]{1,6}([A-Za-z0-9/+]{40})\\b', group: 1, priority: 90 },
    { id: 'stripe_key', type: 'api_key', pattern: '\\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})', group: 1, priority: 90 },
    { id: 'openai_key', type: 'api_key', pattern: '\\b(sk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{20,})', group: 1, priority: 90 },
    { id: 'google_api_key', type: 'api_key', pattern: '\\b(AIza[0-9A-Za-z_-]{35})', group: 1, priority: 90 },
    { id: 'google_oauth', type: 'bearer_token', pattern: '\\b(ya29\\.[0-9A-Za-z_-]{20,})', group: 1, priority: 90 },
    { id: 'github_token', type: 'api_key', pattern: '\\b((?:gh[pousr]_[A-Za-z0-9]{30,})|(?:github_pat_[A-Za-z0-9_]{40,}))', group: 1, priority: 90 },
    { id: 'gitlab_token', type: 'api_key', pattern: '\\b(glpat-[A-Za-z0-9_-]{20,})', group: 1, priority: 90 },
    { id: 'sendgrid_key', type: 'api_key', pattern: '\\b(SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,})', group: 1, priority: 90 },
    { id: 'slack_token', type: 'api_key', pattern: '\\b(xox[abposer]-[A-Za-z0-9-]{10,})', group: 1, priority: 90 },
    { id: 'npm_token', type: 'api_key', pattern: '\\b(npm_[A-Za-z0-9]{36})\\b', group: 1, priority: 90 },
    { id: 'shopify_token', type: 'api_key', pattern: '\\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\\b', group: 1, priority: 90 },
    { id: 'square_token', type: 'api_key', pattern: '\\b(sq0(?:atp|csp)-[A-Za-z0-9_-]{22,60})', group: 1, priority: 90 },
    { id: 'huggingface_token', type: 'api_key', pattern: '\\b(hf_[A-Za-z0-9]{30,40})\\b', group: 1, priority: 90 },
    { id: 'postman_key', type: 'api_key', pattern: '\\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\\b', group: 1, priority: 90 },
    { id: 'digitalocean_token', type: 'api_key', pattern: '\\b(do[opr]_v1_[a-f0-9]{64})\\b', group: 1, priority: 90 },
    { id: 'google_oauth_secret', type: 'api_key', pattern: '\\b(GOCSPX-[A-Za-z0-9_-]{20,40})', group: 1, priority: 90 },
    { id: 'telegram_bot_token', type: 'api_key', pattern: '\\b([0-9]{8,10}:AA[A-Za-z0-9_-]{32,34})\\b', group: 1, priority: 90 },
    { id: 'slack_webhook', type: 'api_key', pattern: 'hooks\\.slack\\.com/services/(T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{16,32})', group: 1, priority: 90 },
    { id: 'discord_webhook', type: 'api_key', pattern: 'discord(?:app)?\\.com/api/webhooks/([0-9]{15,20}/[A-Za-z0-9_-]{40,80})', group: 1, priority: 90 },
    { id: 'mailgun_key', type: 'api_key', pattern: '\\b(key-[0-9a-f]{32})\\b', group: 1, priority: 88 },
    { id: 'facebook_token', type: 'bearer_token', pattern: '\\b(EAA[A-Za-z0-9]{60,300})', group: 1, priority: 85 },
    { id: 'age_secret_key', type: 'private_key', pattern: '\\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\\b', group: 1, priority: 95 },
    { id: 'twilio_key', type: 'api_key', pattern: '\\b(SK[0-9a-f]{32})\\b', group: 1, priority: 80 },
    { id: 'azure_conn_key', type: 'api_key', pattern: '(?:AccountKey|SharedAccessKey|SharedAccessSignature)=([^;"\'\\s]+)', group: 1, priority: 90 },
    { id: 'url_userinfo', type: 'password', pattern: '://[^:/@\\s"\'<>]{0,200}:([^@/\\s"\'<>]{1,200})@', group: 1, priority: 88 },
    { id: 'basic_auth', type: 'password', pattern: '\\bBasic\\s+([A-Za-z0-9+/]{8,}={0,2})', group: 1, validate: 'basic', priority: 87 },
    { id: 'bearer', type: 'bearer_token', pattern: '\\b[Bb]earer\\s+([A-Za-z0-9._~+/|%-]{8,}={0,2})(?:$|[^=A-Za-z0-9._~+/|%-])', group: 1, priority: 86 },
    // password hashes in their crypt formats (bcrypt, argon2, sha-crypt, scrypt, PBKDF2 as Passlib and Django write them): offline-crackable credentials
    { id: 'password_hash', type: 'password', pattern: '(?:\\$(?:2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}|argon2(?:id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$[A-Za-z0-9+/]{8,}\\$[A-Za-z0-9+/]{16,}|[56]\\$(?:rounds=\\d+\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43,86}|scrypt\\$[^\\s$]{1,64}\\$[A-Za-z0-9+/=]{8,}\\$[A-Za-z0-9+/=]{16,}|pbkdf2-sha(?:1|256|512)\\$\\d+\\$[./A-Za-z0-9+=]{8,}\\$[./A-Za-z0-9+=]{16,})|\\bpbkdf2_sha(?:1|256)\\$\\d+\\$[A-Za-z0-9]{4,}\\$[A-Za-z0-9+/=]{20,})', priority: 88 },
    { id: 'sql_identified_by', type: 'password', pattern: 'IDENTIFIED\\s+BY\\s+\'([^\']+)\'', flags: 'i', group: 1, priority: 86 },
    { id: 'mysql_p_flag', type: 'password', pattern: '\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n]{0,200}?[ \\t]-p([^\\s\'"-][^\\s\'"]*)', group: 1, priority: 86 },
    { id: 'cli_password_flag', type: 'password', pattern: '(?:^|\\s)--?(?:password|passwd|pass|pwd|token|api-key|apikey|secret|client-secret)[ =]([^\\s\'"]+)', flags: 'i', group: 1, priority: 86 },
    { id: 'keyword_secret', type: 'api_key', pattern: '(?:(?:[Aa]pi[ _-]?[Kk]ey|API[ _-]?KEY|[Aa]ccess[ _-]?[Tt]oken|[Ss]ecret|[Tt]oken|[Pp]assword|[Pp]asswd)\\s+(?:(?:is|to|was|set to|=|:)\\s+)?|\\b(?:[Ss]ecret|SECRET)[ _-]?(?:[Kk]ey|KEY)[ \\t]*[:=]?[ \\t]*)([A-Za-z0-9_\\-./+=]{16,200})', group: 1, validate: 'secretish', priority: 75 },
    { id: 'email', type: 'email', pattern: '([A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:@|%40)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24})\\b', group: 1, priority: 70 },
    { id: 'iban', type: 'iban', pattern: '\\b([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\\b', validate: 'iban', group: 1, priority: 72 },
    { id: 'device_cue', type: 'device_id', pattern: '\\b(?:IDFA|GAID|AAID|IDFV|IMEI|MEID|[Dd]evice[ _-]?[Ii][Dd]|[Aa]dvertising[ _-]?[Ii][Dd]|[Ii]nstall(?:ation)?[ _-]?[Ii][Dd])[ \\t]*[:=#]?[ \\t]*([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9]{14,16}|[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -]?[0-9]{1,2}|[0-9A-Fa-f]{16})\\b', group: 1, priority: 70 },
    { id: 'passport_cue', type: 'ssn', pattern: '\\b(?:[Pp]assport|PASSPORT|Reisepass|[Pp]asaporte)(?:[ \\t]+(?:[Nn]o\\.?|[Nn]umber|[Nn]r\\.?|#))?[ \\t]*[:=#]?[ \\t]*([A-Z0-9]{6,9})\\b', group: 1, validate: 'has_digit', priority: 70 },
    // a national id written after its name (UK NINO, driving licences, DNI, CPF, BSN, PESEL, personnummer, Aadhaar…): the corpus's type for national ids is `ssn`
    { id: 'national_id_cue', type: 'ssn', pattern: "\\b(?:SSN|[Ss]ocial [Ss]ecurity(?: [Nn]umber| [Nn]o\\.?)?|[Nn]ational [Ii]nsurance(?: [Nn]umber| [Nn]o\\.?)?|NINO|NI [Nn]umber|[Nn]ational (?:ID|[Ii]d(?:entity)?)(?: [Nn]umber| [Nn]o\\.?| [Cc]ard)?|[Dd]river'?s? [Ll]icen[cs]e(?: [Nn]umber| [Nn]o\\.?| #)?|[Dd]riving [Ll]icen[cs]e(?: [Nn]umber| [Nn]o\\.?)?|[Ff]ührerschein(?:nummer)?|[Pp]ermis de conduire|SIN|TIN|[Tt]ax ID|[Ss]teuer-?ID|[Ss]teuernummer|[Cc]odice [Ff]iscale|DNI|NIE|NIF|CPF|CNPJ|BSN|PESEL|[Pp]ersonnummer|[Hh]enkilötunnus|CPR|[Aa]adhaar|NIR|[Nn]uméro de sécurité sociale|[Rr]odné číslo|[Ss]zemélyi szám|TC [Kk]imlik(?: [Nn]o)?)\\b[ \\t]*[:=#]?[ \\t]*(?:is[ \\t]+)?((?:[A-Z]{1,3}[ .\\/-]?)?[0-9][A-Z0-9]*(?:[ .\\/-][A-Z0-9]+){0,5})\\b", group: 1, validate: 'national_id', priority: 70 },
    { id: 'latlon_pair', type: 'geo', pattern: '(?:^|[=:"\'(\\s])(-?[0-9]{1,2}\\.[0-9]{4,9},[ ]?-?[0-9]{1,3}\\.[0-9]{4,9})(?:$|[&"\')\\s])', group: 1, validate: 'latlon_at', priority: 57 },
    { id: 'iban_lower', type: 'iban', pattern: '\\biban\\b[^a-z0-9]{0,20}(?:(?:is|ist|es|est|:)[^a-z0-9]{1,5})?([a-z]{2}[0-9]{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?)\\b', flags: 'i', group: 1, validate: 'iban_ci', priority: 72 },
    // a card number after its name is one whatever its checksum (a mistyped number is still the customer's): 12–19 digits
    // a card's security code after its name, also without `=` or `:` (`cvv 123`)
    { id: 'cvv_cue', type: 'card_number', pattern: '\\b(?:CVV2?|[Cc]vv2?|CVC2?|[Cc]vc2?|CSC|CID|[Ss]ecurity [Cc]ode|[Cc]ard [Vv]erification(?: [Cc]ode| [Vv]alue)?)[ \\t]*[:=#]?[ \\t]*([0-9]{3,4})(?:$|[^0-9A-Za-z])', group: 1, priority: 71 },
    { id: 'card_cue', type: 'card_number', pattern: '\\b(?:[Cc]ard|CARD)(?:[ \\t]+(?:[Nn]umber|NUMBER|[Nn]o\\.?|#))?(?:[ \\t]+is)?[ \\t]*[:=#]?[ \\t]*((?:[0-9][ -]?){11,18}[0-9])(?:$|[^0-9A-Za-z-])', group: 1, priority: 71 },
    { id: 'card_number', type: 'card_number', pattern: '(?:^|[^0-9A-Za-z-])((?:[0-9][ -]?){11,18}[0-9])(?:$|[^0-9A-Za-z-])', validate: 'luhn', group: 1, priority: 71 },
    { id: 'ssn', type: 'ssn', pattern: '(?:^|[^0-9-])([0-9]{3}-[0-9]{2}-[0-9]{4})(?:$|[^0-9-])', validate: 'ssn', group: 1, priority: 65 },
    { id: 'mac', type: 'device_id', pattern: '(?:^|[^0-9A-Fa-f:-])([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})(?:$|[^0-9A-Fa-f:-])', group: 1, priority: 62 },
    { id: 'ipv6', type: 'ip_address', pattern: '(?:^|[^0-9A-Za-z:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|[0-9]{1,3}(?:\\.[0-9]{1,3}){3})?)', validate: 'ipv6', group: 1, priority: 60 },
    { id: 'ipv4', type: 'ip_address', pattern: '(?:^|[^0-9A-Za-z.])((?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})(?:$|[^0-9A-Za-z.]|\\.[^0-9])', validate: 'ipv4', group: 1, priority: 60 },
    { id: 'phone_intl', type: 'phone', pattern: '(?:^|[^0-9A-Za-z+])((?:tel:)?(?:\\+|%2B)[1-9][0-9]{0,2}(?:[ .\\-/]|%20)?(?:\\(0?[0-9]{0,4}\\)(?:[ .\\-/]|%20)?)?[0-9]{1,5}(?:(?:[ .\\-/]|%20)?[0-9]{1,5}){1,5}(?:[ ]?(?:x|ext\\.?)[ ]?[0-9]{1,5})?)(?:$|[^0-9A-Za-z])', validate: 'phone', group: 1, priority: 55 },
    { id: 'phone_us', type: 'phone', pattern: '(?:^|[^0-9A-Za-z-])((?:1[ .-])?(?:(?:\\(|%28)[0-9]{3}(?:\\)|%29)(?: |%20)?[0-9]{3}[ .-][0-9]{4}|[0-9]{3}[.-][0-9]{3}[.-][0-9]{4})(?:[ ]?(?:x|ext\\.?)[ ]?[0-9]{1,5})?)(?:$|[^0-9A-Za-z-])', validate: 'phone', group: 1, priority: 55 },
    { id: 'phone_national', type: 'phone', pattern: '(?:^|[^0-9A-Za-z.,-])((?:0[1-9][0-9]{0,4}(?:[ ./-]|%20)|\\(0?[1-9][0-9]{1,3}\\)(?:[ /-]|%20)?)[0-9]{2,8}(?:(?:[ .-]|%20)[0-9]{2,4}){0,4})(?:$|[^0-9A-Za-z.,])', validate: 'phone', group: 1, priority: 52 },
  ],
  freeText: { names: true, addresses: true, nlp: false },
  redactedValues: [
    '\\[REDACTED(?::[a-z_]+)?\\]',
    '\\*{3,}',
    '<redacted>',
    '\\[hidden\\]',
    '\\[redacted\\]',
    '<hidden>',
    'REDACTED',
    'hmac:[0-9a-f]{32}',
    '(?:x{3,}|X{3,})',
  ],
};

/** Merge a partial policy over the default: arrays given replace or extend (`extend: true`). */
export interface PolicyInput extends Partial<Omit<Policy, 'version' | 'freeText'>> {
  version?: 1;
  freeText?: Partial<Policy['freeText']>;
  /** When true (default), `keys`, `detectors`, `safeKeys` and `redactedValues` are added to the default ones. */
  extend?: boolean;
  /** Detector ids of the default policy to switch off. */
  disable?: string[];
}

export function resolvePolicy(input?: PolicyInput | Policy): Policy {
  const d = DEFAULT_POLICY;
  if (!input) return d;
  const extend = (input as PolicyInput).extend !== false;
  const off = new Set((input as PolicyInput).disable ?? []);
  const pick = <T>(base: T[], add: T[] | undefined): T[] => (add ? (extend ? base.concat(add) : add) : base);
  return {
    version: 1,
    actions: { ...d.actions, ...(input.actions ?? {}) },
    keys: pick(d.keys, input.keys),
    safeKeys: pick(d.safeKeys, input.safeKeys),
    detectors: pick(d.detectors, input.detectors).filter((x) => !off.has(x.id) && x.enabled !== false),
    freeText: { ...d.freeText, ...(input.freeText ?? {}) },
    redactedValues: pick(d.redactedValues, input.redactedValues),
  };
}

/** Parse a policy document (JSON or YAML text). */
export function parsePolicy(text: string): PolicyInput {
  const t = text.trimStart();
  if (t.startsWith('{')) return JSON.parse(text) as PolicyInput;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  return YAML.parse(text) as PolicyInput;
}

/** The policy as a document (YAML by default), e.g. to start a custom policy from the default. */
export function formatPolicy(policy: Policy = DEFAULT_POLICY, format: 'yaml' | 'json' = 'yaml'): string {
  if (format === 'json') return JSON.stringify(policy, null, 2) + '\n';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  return YAML.stringify(policy, { lineWidth: 0 });
}

/** Read a policy file (`.json`, `.yaml`, `.yml`). */
export function loadPolicy(path: string): Policy {
  return resolvePolicy(parsePolicy(readFileSync(path, 'utf8')));
}
