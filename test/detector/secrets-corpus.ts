// A corpus for measuring redaction: secrets embedded in the log and config lines they leak through, and ordinary
// lines that look like them. Every secret value is made here from a fixed seed: format-correct (right prefix,
// alphabet and length) but random, so none is real and the file holds no literal token a scanner would flag.

/** A line (or a few) carrying secrets; each of `secrets` must be gone from the redacted text. */
export interface SecretCase {
  label: string;
  text: string;
  secrets: string[];
}

// mulberry32: a small seeded generator, so the corpus is the same on every run.
let seed = 0x5eed_c10;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const from =
  (alphabet: string) =>
  (n: number): string =>
    Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const alnum = from(UPPER + LOWER + DIGITS);
const letters = from(UPPER + LOWER);
const upperAlnum = from(UPPER + DIGITS);
const hex = from('0123456789abcdef');
const b64 = from(`${UPPER}${LOWER}${DIGITS}+/`);
const b64url = from(`${UPPER}${LOWER}${DIGITS}-_`);
const digits = from(DIGITS);
/** A password a person would pick: letters, digits and punctuation that survives in a shell word. */
const password = (n = 14): string => `${alnum(n - 2)}${from('!%*+-._~')(1)}${digits(1)}`;
const base64 = (s: string): string => Buffer.from(s).toString('base64');
const base64url = (s: string): string => Buffer.from(s).toString('base64url');
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

function jwt(header: string): { token: string; secrets: string[] } {
  const payload = base64url(
    JSON.stringify({ sub: `user-${digits(6)}`, iat: 1714557600, exp: 1714561200, nonce: alnum(16) }),
  );
  const signature = b64url(43);
  return { token: `${base64url(header)}.${payload}.${signature}`, secrets: [payload, signature] };
}

const TS = '2026-05-01T10:42:17.318Z';
const one = (label: string, make: (s: string) => string, secret: string): SecretCase => ({
  label,
  text: make(secret),
  secrets: [secret],
});

const jwtPlain = jwt('{"alg":"HS256","typ":"JWT"}');
const jwtSpaced = jwt('{ "alg": "RS256", "typ": "JWT" }');
const jwtPretty = jwt('{\n  "typ": "JWT",\n  "alg": "ES256"\n}');
const jwtKid = jwt('{"kid":"2026-04","typ":"at+jwt","alg":"PS256"}');
const jwtTabbed = jwt('{\t"alg":"HS512"}');
const pemBody = Array.from({ length: 6 }, () => b64(64));
const cookie = [alnum(32), alnum(64)] as const;
const secretYaml = [base64(password()), base64(password(20))] as const;
const stringData = [password(), `${alnum(20)}\n${alnum(24)}`] as const;
const secretJson = [base64(password()), base64(`${alnum(40)}`)] as const;
const blockKey = [b64(64), b64(64), b64(40)] as const;

export const SECRET_CASES: SecretCase[] = [
  // Provider tokens in prose, headers and env.
  one(
    'AWS access key id',
    (s) => `${TS} INFO s3 client: signing request with ${s} for bucket shop-assets`,
    `AKIA${upperAlnum(16)}`,
  ),
  one(
    'AWS STS key id',
    (s) => `assumed role arn:aws:iam::123456789012:role/deployer, key ${s}`,
    `ASIA${upperAlnum(16)}`,
  ),
  one('AWS secret key (env)', (s) => `AWS_SECRET_ACCESS_KEY=${s}`, b64(40)),
  one('AWS secret key (ini)', (s) => `aws_secret_access_key = ${s}`, b64(40)),
  one(
    'AWS secret key (JSON)',
    (s) => `{"AccessKeyId":"AKIA${upperAlnum(16)}","SecretAccessKey":"${s}","Expiration":"${TS}"}`,
    b64(40),
  ),
  one('AWS session token', (s) => `aws_session_token = ${s}`, `IQoJb3JpZ2luX2Vj${b64(300)}`),
  one('Google API key', (s) => `maps: geocoding with key ${s}`, `AIza${b64url(35)}`),
  one(
    'Google OAuth access token (header)',
    (s) => `> GET /storage/v1/b HTTP/1.1\n> Authorization: Bearer ${s}`,
    `ya29.a0${b64url(150)}`,
  ),
  one(
    'Google OAuth access token (prose)',
    (s) => `gcloud: refreshed credentials, access token ${s} valid 3599s`,
    `ya29.c.${b64url(120)}`,
  ),
  one('Google refresh token', (s) => `oauth2: cached refresh token 1//0${s}`, b64url(100)),
  one('Slack bot token', (s) => `slack: chat.postMessage using ${s}`, `xoxb-${digits(11)}-${digits(13)}-${alnum(24)}`),
  one('Slack user token', (s) => `SLACK_USER=${s}`, `xoxp-${digits(11)}-${digits(11)}-${digits(13)}-${hex(32)}`),
  one(
    'Slack app-level token',
    (s) => `socket mode: connecting with ${s}`,
    `xapp-1-A0${upperAlnum(9)}-${digits(13)}-${hex(64)}`,
  ),
  one(
    'Slack webhook URL',
    (s) => `alertmanager: POST https://hooks.slack.com/services/${s} 200`,
    `T0${upperAlnum(8)}/B0${upperAlnum(8)}/${alnum(24)}`,
  ),
  one('Discord webhook URL', (s) => `notify: webhook https://discord.com/api/webhooks/${digits(18)}/${s}`, b64url(68)),
  one('GitHub classic token', (s) => `git: using credential helper token ${s}`, `ghp_${alnum(36)}`),
  one('GitHub OAuth token', (s) => `{"access_token_hint":"none","token":"${s}"}`, `gho_${alnum(36)}`),
  one('GitHub fine-grained token', (s) => `export GH_TOKEN_FG=${s}`, `github_pat_${alnum(22)}_${alnum(59)}`),
  one(
    'GitHub app token in prose',
    (s) => `actions: minted installation token ${s} (expires in 1h)`,
    `ghs_${alnum(36)}`,
  ),
  one('GitLab personal token', (s) => `ci: fetching artifacts with PRIVATE-TOKEN ${s}`, `glpat-${b64url(20)}`),
  one('GitLab runner token', (s) => `Registering runner... token=${s}`, `glrt-${b64url(20)}`),
  one('GitLab deploy token in prose', (s) => `helm: pulling chart with deploy token ${s}`, `gldt-${b64url(20)}`),
  one('Stripe secret key', (s) => `payments: Stripe.api_key set to ${s}`, `sk_live_${alnum(99)}`),
  one('Stripe restricted key', (s) => `STRIPE_RK=${s}`, `rk_live_${alnum(24)}`),
  one('Stripe test key in JSON', (s) => `{"level":"debug","stripe":"${s}"}`, `sk_test_${alnum(24)}`),
  one('Stripe webhook secret', (s) => `webhooks: verifying signatures with ${s}`, `whsec_${alnum(32)}`),
  one('SendGrid key', (s) => `mailer: SENDGRID=${s}`, `SG.${b64url(22)}.${b64url(43)}`),
  one('SendGrid key in prose', (s) => `smtp relay auth with apikey / ${s}`, `SG.${b64url(22)}.${b64url(43)}`),
  one('npm token in prose', (s) => `npm notice publishing with ${s}`, `npm_${alnum(36)}`),
  one('npmrc authToken', (s) => `//registry.npmjs.org/:_authToken=${s}`, uuid()),
  one('PyPI token', (s) => `twine upload -u __token__ -p ${s} dist/*`, `pypi-AgEIcHlwaS5vcmc${b64url(60)}`),
  one('PyPI token in .pypirc', (s) => `  password = ${s}`, `pypi-AgENdGVzdC5weXBpLm9yZw${b64url(60)}`),
  one('Vault service token', (s) => `vault: login succeeded, token ${s}`, `hvs.CAESI${b64url(86)}`),
  one('Vault token header', (s) => `> X-Vault-Token: ${s}`, `hvs.${b64url(24)}`),
  one('Vault batch token', (s) => `VAULT_BATCH=${s}`, `hvb.AAAAAQ${b64url(140)}`),
  one('Hugging Face token', (s) => `transformers: logged in to the Hub with ${s}`, `hf_${letters(34)}`),
  one(
    'OpenAI project key',
    (s) => `llm: fallback client initialised with ${s}`,
    `sk-proj-${b64url(74)}T3BlbkFJ${b64url(74)}`,
  ),
  one('Anthropic key', (s) => `anthropic: x-api-key ${s}`, `sk-ant-api03-${b64url(93)}AA`),
  one('JWT (standard header)', (s) => `${TS} auth: id token ${s} accepted`, jwtPlain.token),
  {
    label: 'JWT with a spaced header',
    text: `oidc: exchanged code for ${jwtSpaced.token}`,
    secrets: jwtSpaced.secrets,
  },
  {
    label: 'JWT with a pretty-printed header',
    text: `proxy: forwarding assertion ${jwtPretty.token} upstream`,
    secrets: jwtPretty.secrets,
  },
  { label: 'JWT with other key order', text: `sts: subject token ${jwtKid.token}`, secrets: jwtKid.secrets },
  { label: 'JWT with a tab in its header', text: `[session] ${jwtTabbed.token} refreshed`, secrets: jwtTabbed.secrets },
  // Tokens only secretlint's ruleset knows.
  one('Grafana service account token', (s) => `grafana-agent: remote_write with ${s}`, `glsa_${alnum(32)}_${hex(8)}`),
  one('Databricks token', (s) => `spark: workspace token ${s}`, `dapi${hex(32)}`),
  one('Docker Hub PAT', (s) => `registry: pulling with ${s}`, `dckr_pat_${b64url(27)}`),
  one('Notion token', (s) => `sync: notion integration ${s}`, `ntn_${digits(11)}${alnum(35)}`),
  one('Linear key', (s) => `linear: api ${s}`, `lin_api_${alnum(40)}`),
  one('Shopify token', (s) => `shop: admin api ${s}`, `shpat_${hex(32)}`),
  one('Tailscale auth key', (s) => `tailscaled: up with ${s}`, `tskey-auth-${alnum(16)}-${alnum(32)}`),
  one('Figma token', (s) => `design-sync: figma ${s}`, `figd_${b64url(40)}`),
  one('Groq key', (s) => `inference: groq ${s}`, `gsk_${alnum(52)}`),
  // Azure and signed URLs.
  one(
    'Azure storage connection string',
    (s) =>
      `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${s};EndpointSuffix=core.windows.net`,
    `${b64(86)}==`,
  ),
  one(
    'Azure Service Bus key',
    (s) =>
      `Endpoint=sb://shop-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`,
    `${b64(43)}=`,
  ),
  one(
    'Azure SAS signature',
    (s) =>
      `GET https://shopdata.blob.core.windows.net/exports/orders.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-05-02T00:00:00Z&sig=${s} 200`,
    `${b64(20)}%2B${b64(20)}%3D`,
  ),
  one(
    'S3 presigned signature',
    (s) =>
      `download https://shop-assets.s3.amazonaws.com/a.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260501T104217Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${s}`,
    hex(64),
  ),
  // Cookies and sessions.
  { label: 'Cookie header', text: `> Cookie: sessionid=${cookie[0]}; csrftoken=${cookie[1]}`, secrets: [...cookie] },
  one('Set-Cookie header', (s) => `< Set-Cookie: JSESSIONID=${s}; Path=/; Secure; HttpOnly`, upperAlnum(32)),
  one(
    'PHPSESSID in an access log',
    (s) => `10.0.3.7 - - [01/May/2026:10:42:17 +0000] "GET /cart HTTP/1.1" 200 512 "-" "curl/8.5" PHPSESSID=${s}`,
    from(`${LOWER}${DIGITS}`)(26),
  ),
  one('connect.sid', (s) => `express-session: restored connect.sid=${s}`, `s%3A${b64url(32)}.${b64url(43)}`),
  one('sessionid in a query', (s) => `GET /api/orders?sessionid=${s}&page=2 200`, alnum(40)),
  one(
    'cookie in a JSON log',
    (s) => `{"ts":"${TS}","headers":{"cookie":"_shop_session=${s}","accept":"*/*"}}`,
    b64(80),
  ),
  one('session_id key', (s) => `checkout: session_id=${s} user=4411`, hex(32)),
  // XML and .NET.
  one(
    'XML password element',
    (s) => `<datasource><url>jdbc:postgresql://db/shop</url><password>${s}</password></datasource>`,
    password(),
  ),
  one(
    'Maven settings password',
    (s) => `<server><id>releases</id><username>deploy</username><password>${s}</password></server>`,
    `{${b64(44)}}`,
  ),
  one('XML CDATA password', (s) => `<db:password><![CDATA[${s}]]></db:password>`, password()),
  one('appSettings password', (s) => `<add key="DbPassword" value="${s}" />`, password()),
  one('appSettings API key', (s) => `<add key="Smtp:ApiKey" value="${s}"/>`, alnum(32)),
  // YAML block scalars.
  {
    label: 'YAML password block',
    text: `database:\n  user: shop\n  password: |\n    ${blockKey[0]}\n  pool: 10`,
    secrets: [blockKey[0]],
  },
  {
    label: 'YAML private_key folded block',
    text: `gcp:\n  private_key: >-\n    ${blockKey[1]}\n    ${blockKey[2]}\n  project: shop`,
    secrets: [blockKey[1], blockKey[2]],
  },
  one(
    'YAML client_secret in a list',
    (s) => `clients:\n  - id: web\n    client_secret: |-\n      ${s}\n  - id: cli`,
    b64url(48),
  ),
  // Command lines.
  one(
    '--password with a space',
    (s) => `/usr/bin/backup-agent --host db.shop.svc --password ${s} --compress`,
    password(),
  ),
  one('--db-password=', (s) => `exec /app/server --listen=:8080 --db-password=${s}`, password()),
  one('mysql -p', (s) => `root      4242  0.1  mysql -h db -uroot -p${s} shop`, password()),
  one(
    'mysqldump -p quoted',
    (s) => `cron: mysqldump -u backup -p'${s}' --all-databases | gzip > /backup/all.sql.gz`,
    password(),
  ),
  one('curl -u', (s) => `+ curl -sf -u admin:${s} https://grafana.shop.svc/api/health`, password()),
  one('curl --user', (s) => `curl --user deploy:${s} -X POST https://ci.example.com/job/release/build`, password()),
  one('sshpass -p', (s) => `sshpass -p ${s} ssh -o StrictHostKeyChecking=no ops@10.0.4.12 uptime`, password()),
  one('redis-cli -a', (s) => `redis-cli -h redis-master -a ${s} --no-auth-warning ping`, password()),
  one('docker login -p', (s) => `docker login -u ci -p ${s} registry.example.com`, password()),
  one('argv list', (s) => `args: ["--listen", ":8080", "--token", "${s}"]`, alnum(40)),
  one('PGPASSWORD env', (s) => `PGPASSWORD=${s} psql -h db -U app -c 'select 1'`, password()),
  one('helm --set', (s) => `helm upgrade shop ./chart --set db.password=${s} --set replicas=3`, password()),
  one('kubectl --from-literal', (s) => `kubectl create secret generic api --from-literal=password=${s}`, password()),
  // URLs.
  one(
    'postgres URL with @ and / in the password',
    (s) => `connecting to postgres://orders:${s}@db.shop.svc:5432/orders`,
    `p@ss/${alnum(6)}@rd`,
  ),
  one(
    'mongodb URL with @ in the password',
    (s) => `MONGO_URL=mongodb+srv://admin:${s}@cluster0.ab1cd.mongodb.net/shop?retryWrites=true`,
    `${alnum(8)}@${alnum(6)}`,
  ),
  one('amqp URL', (s) => `amqp: connected to amqp://shop:${s}@rabbitmq.shop.svc:5672/`, password()),
  one(
    'git URL with a token',
    (s) => `git clone https://oauth2:${s}@gitlab.example.com/shop/api.git`,
    `glpat-${b64url(20)}`,
  ),
  one('redis URL without a user', (s) => `cache: redis://:${s}@redis-master:6379/0`, password()),
  one('URL in a JSON log', (s) => `{"msg":"db connect","url":"mysql://app:${s}@tcp(mysql:3306)/shop"}`, password()),
  // Secret manifests.
  {
    label: 'Secret manifest (YAML)',
    text: `apiVersion: v1\ndata:\n  password: ${secretYaml[0]}\n  api-key: ${secretYaml[1]}\nkind: Secret\nmetadata:\n  name: shop-db\ntype: Opaque`,
    secrets: [...secretYaml],
  },
  {
    label: 'Secret manifest with stringData',
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-config\nstringData:\n  DB_USER: shop\n  app.conf: |\n    ${stringData[1].replace('\n', '\n    ')}\n  ADMIN: ${stringData[0]}\n`,
    secrets: [stringData[0], ...stringData[1].split('\n')],
  },
  {
    label: 'Secret manifest (JSON)',
    text: `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"shop-db"},"data":{"username":"c2hvcA==","password":"${secretJson[0]}"},"type":"Opaque"}`,
    secrets: [secretJson[0], 'c2hvcA=='],
  },
  {
    label: 'Secret in last-applied-configuration',
    text: `    kubectl.kubernetes.io/last-applied-configuration: "{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"token\\":\\"${secretJson[1]}\\"},\\"kind\\":\\"Secret\\"}"`,
    secrets: [secretJson[1]],
  },
  // Keys that name a secret.
  one('Authorization Bearer', (s) => `> Authorization: Bearer ${s}`, alnum(40)),
  one('Authorization Basic', (s) => `authorization: Basic ${s}`, base64(`admin:${password()}`)),
  one('Authorization token scheme', (s) => `Authorization: token ${s}`, `ghp_${alnum(36)}`),
  one('X-Api-Key header', (s) => `X-Api-Key: ${s}`, hex(32)),
  one('DB_PASSWORD env', (s) => `DB_PASSWORD=${s}`, password()),
  one('JSON client_secret', (s) => `{"client_id":"shop-web","client_secret":"${s}","scope":"openid"}`, b64url(40)),
  one('logfmt secret', (s) => `level=warn msg="login failed" user=bob secret=${s} attempt=3`, password()),
  one(
    'env pair in an annotation',
    (s) => `config.example/env: [{"name":"API_TOKEN","value":"${s}"},{"name":"REGION","value":"eu-west-1"}]`,
    alnum(40),
  ),
  one('YAML env entry', (s) => `env:\n  - name: STRIPE_KEY\n    value: "${s}"`, alnum(32)),
  one(
    'connection string password',
    (s) => `ConnectionStrings__Default=Server=sql;Database=shop;User Id=sa;Password=${s};`,
    password(),
  ),
  one('password in a query string', (s) => `GET /login?user=bob&password=${s}&next=/ 302`, password()),
  // Written after the rules above passed, as a check on them: not all are caught (see the corpus test's output).
  one('kubeconfig client key', (s) => `    client-key-data: ${s}`, `LS0tLS1CRUdJTi${b64(120)}`),
  one(
    'dockerconfigjson',
    (s) => `  .dockerconfigjson: ${s}`,
    base64(`{"auths":{"registry.example.com":{"auth":"${base64(`ci:${password()}`)}"}}}`),
  ),
  one('passphrase', (s) => `gpg: passphrase=${s} (from GPG_PASSPHRASE)`, password()),
  one('SMTP_PASS', (s) => `SMTP_HOST=smtp.example.com SMTP_PASS=${s}`, password()),
  one(
    'openssl -passin',
    (s) => `openssl pkcs12 -export -in tls.crt -inkey tls.key -passin pass:${s} -out tls.p12`,
    password(),
  ),
  one(
    'ldapsearch -w',
    (s) => `ldapsearch -x -H ldap://ldap.shop.svc -D cn=admin,dc=shop -w ${s} -b dc=shop`,
    password(),
  ),
  one('Proxy-Authorization', (s) => `> Proxy-Authorization: Basic ${s}`, base64(`proxy:${password()}`)),
  one('Java system property', (s) => `java -Djavax.net.ssl.keyStorePassword=${s} -jar app.jar`, password()),
  one('Spring property', (s) => `spring.datasource.password=${s}`, password()),
  one('HOCON secret', (s) => `akka.client.secret = "${s}"`, b64url(32)),
  one('Twilio auth token', (s) => `TWILIO_AUTH_TOKEN=${s}`, hex(32)),
  one('Rails secret_key_base', (s) => `secret_key_base: ${s}`, hex(128)),
  one('ENCRYPTION_KEY', (s) => `ENCRYPTION_KEY=${s}`, b64(44)),
  one('websocket token', (s) => `ws: connecting to wss://push.example.com/socket?token=${s}`, b64url(48)),
  one('mqtt URL', (s) => `mqtt: broker mqtt://iot:${s}@mosquitto.shop.svc:1883`, password()),
  one(
    'AWS SigV4 header signature',
    (s) =>
      `Authorization: AWS4-HMAC-SHA256 Credential=AKIA${upperAlnum(16)}/20260501/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${s}`,
    hex(64),
  ),
  one(
    'Digest response',
    (s) => `Authorization: Digest username="ops", realm="shop", nonce="${hex(32)}", uri="/admin", response="${s}"`,
    hex(32),
  ),
  one('Sentry DSN in prose', (s) => `sentry: reporting to https://${s}@o450123.ingest.sentry.io/5501234`, hex(32)),
  {
    label: 'PEM private key',
    text: `loading key:\n-----BEGIN RSA PRIVATE KEY-----\n${pemBody.join('\n')}\n-----END RSA PRIVATE KEY-----\nserver ready`,
    secrets: pemBody,
  },
];

/** Ordinary lines: each must come out of redact() exactly as it went in. */
export const ORDINARY_LINES: string[] = [
  `level=warn msg="refresh failed" error=token_expired user=4411`,
  'token_expired',
  'auth=jwt',
  'secret_version=7',
  'tokenUrl=https://login.example.com/oauth2/v2.0/token',
  'token_lifetime=3600s',
  'expires_in=3599 token_type=Bearer scope="openid profile"',
  `request_id=${uuid()} status=200 duration=12ms`,
  `commit ${hex(40)}`,
  `Merge: ${hex(7)} ${hex(7)}`,
  `image: registry.example.com/shop/api@sha256:${hex(64)}`,
  `Successfully pulled image "shop/api:2.4.1" in 1.2s. Image digest: sha256:${hex(64)}`,
  `sha256sum: ${hex(64)}  dist/clopus.tgz`,
  'pod/api-7d9f8b6c5d-x2x9k condition met',
  'secret/db-credentials created',
  'secretName: db-credentials',
  '        secretKeyRef:',
  '          key: DB_PASSWORD',
  '  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password',
  'type: kubernetes.io/service-account-token',
  `${TS} INFO  [main] o.s.b.StartupInfoLogger : Started Application in 4.21 seconds`,
  'I0501 12:00:00.123456       1 leaderelection.go:258] successfully acquired lease kube-system/kube-controller-manager',
  'warning: no Authorization header in request from 10.0.3.7',
  'Authorization header missing',
  'Bearer token required',
  'jwt verification failed: signature invalid',
  'GET https://api.example.com:8443/v1/orders?page=2&per_page=50 200',
  'Connected to postgres://db.shop.svc:5432/orders',
  'GET http://localhost:3000/users/bob@example.com 404',
  'invite sent to https://shop.example.com/join?email=alice@example.com',
  'cookie policy accepted',
  'Set-Cookie header rejected: SameSite=None requires Secure',
  'flag --password is required',
  '      --password string   Password for basic authentication to the API server',
  'exec /app/server --token-ttl 1h --auth-mode=oidc',
  'mysql -h db -P 3306 -u app shop',
  "curl -sS -H 'Accept: application/json' https://api.example.com/health",
  'docker run -u 1000:1000 -p 8080:80 nginx:1.27',
  'received signal=SIGTERM sig=15, shutting down',
  'max_tokens=1024 tokens_used=318',
  'password_policy=strict auth_method=oidc',
  'keyspace=orders consistency=QUORUM',
  'npm_config_cache=/tmp/.npm npm_package_version=2.1.0',
  'hf_hub_download failed: 404',
  'session_timeout=30m sessions_active=42',
  'password reset email sent to user 4411',
  '<passwordPolicy>strict</passwordPolicy>',
  '<add key="LogLevel" value="Debug" />',
  'Account key rotation scheduled for storage account shopdata',
  'kind: Secret',
  'user=bob uid=1001 gid=1001',
  'connect ECONNREFUSED 10.0.0.12:5432',
  'sk-learn model loaded, version 1.4.2',
  // Written after the rules above passed, as a check on them.
  'kubectl logs deploy/api --since=1h --tail=200',
  '--key-file /etc/tls/tls.key --cert-file /etc/tls/tls.crt',
  'ssh-keygen -t ed25519 -C "ops@example.com" -f /root/.ssh/id_ed25519',
  'Using API key from environment variable OPENAI_API_KEY',
  'cache_key=orders:4411:v2 hit=true',
  `idempotency_key=${uuid()} replayed=false`,
  's3: put object key=exports/2026/05/orders.csv size=10422',
  'partition_key=tenant-4411',
  'Cookie consent banner shown',
  'X-Forwarded-For: 10.0.3.7',
  'Signature verified for release v2.4.1',
  'secret rotation complete for db-credentials (version 8)',
  'ldapsearch -x -H ldap://ldap.shop.svc -b dc=shop,dc=example',
  'openssl req -new -key tls.key -out tls.csr -subj /CN=shop',
  'helm install shop ./chart --set image.tag=2.4.1',
  'mysql --user=app --password --host=db',
  'auth: none',
  'token: ""',
  'password: ${DB_PASSWORD}',
  'express-session: restored 3 sessions from redis',
  'docker login --password-stdin -u ci registry.example.com',
  'redis-cli --no-auth-warning ping',
  'auth: starting token refresher',
];
