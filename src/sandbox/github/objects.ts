// Users and repositories as GitHub's REST API spells them: every field the response schemas require, with
// URLs and URL templates in GitHub's forms, rooted at the fake's own API and web addresses.

/** Where the objects point: the API root a request came in on (with /api/v3 for GHE style) and the web root. */
export interface Urls {
  api: string;
  web: string;
}

export interface RepoIdentity {
  id: number;
  owner: string;
  ownerId: number;
  ownerType: 'User' | 'Organization';
  name: string;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  openPulls: number;
}

const nodeId = (prefix: string, id: number): string =>
  `${prefix}_kgDO${Buffer.from(`fake:${id}`).toString('base64url')}`;

export function simpleUser(urls: Urls, login: string, id: number, type: 'User' | 'Organization' = 'User') {
  const u = `${urls.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type === 'User' ? 'U' : 'O', id),
    avatar_url: `${urls.web}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `${urls.web}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The authenticated user (GET /user): a "Private User", with the counters only its owner sees. */
export function privateUser(urls: Urls, login: string, id: number, createdAt: string) {
  return {
    ...simpleUser(urls, login, id),
    name: login,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
    private_gists: 0,
    total_private_repos: 1,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** The "Repository" object pull requests embed in head and base. */
export function repository(urls: Urls, r: RepoIdentity, viewerIsOwner: boolean) {
  const full = `${r.owner}/${r.name}`;
  const a = `${urls.api}/repos/${full}`;
  const web = `${urls.web}/${full}`;
  const host = new URL(urls.web).host;
  return {
    id: r.id,
    node_id: nodeId('R', r.id),
    name: r.name,
    full_name: full,
    license: null,
    forks: 0,
    permissions: { admin: viewerIsOwner, maintain: viewerIsOwner, push: true, triage: true, pull: true },
    owner: simpleUser(urls, r.owner, r.ownerId, r.ownerType),
    private: true,
    html_url: web,
    description: null,
    fork: false,
    url: a,
    archive_url: `${a}/{archive_format}{/ref}`,
    assignees_url: `${a}/assignees{/user}`,
    blobs_url: `${a}/git/blobs{/sha}`,
    branches_url: `${a}/branches{/branch}`,
    collaborators_url: `${a}/collaborators{/collaborator}`,
    comments_url: `${a}/comments{/number}`,
    commits_url: `${a}/commits{/sha}`,
    compare_url: `${a}/compare/{base}...{head}`,
    contents_url: `${a}/contents/{+path}`,
    contributors_url: `${a}/contributors`,
    deployments_url: `${a}/deployments`,
    downloads_url: `${a}/downloads`,
    events_url: `${a}/events`,
    forks_url: `${a}/forks`,
    git_commits_url: `${a}/git/commits{/sha}`,
    git_refs_url: `${a}/git/refs{/sha}`,
    git_tags_url: `${a}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${a}/issues/comments{/number}`,
    issue_events_url: `${a}/issues/events{/number}`,
    issues_url: `${a}/issues{/number}`,
    keys_url: `${a}/keys{/key_id}`,
    labels_url: `${a}/labels{/name}`,
    languages_url: `${a}/languages`,
    merges_url: `${a}/merges`,
    milestones_url: `${a}/milestones{/number}`,
    notifications_url: `${a}/notifications{?since,all,participating}`,
    pulls_url: `${a}/pulls{/number}`,
    releases_url: `${a}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${a}/stargazers`,
    statuses_url: `${a}/statuses/{sha}`,
    subscribers_url: `${a}/subscribers`,
    subscription_url: `${a}/subscription`,
    tags_url: `${a}/tags`,
    teams_url: `${a}/teams`,
    trees_url: `${a}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    hooks_url: `${a}/hooks`,
    svn_url: web,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: r.defaultBranch,
    open_issues_count: r.openPulls,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: r.pushedAt,
    created_at: r.createdAt,
    updated_at: r.pushedAt,
    allow_forking: false,
    web_commit_signoff_required: false,
    open_issues: r.openPulls,
    watchers: 0,
  };
}

/** GET /repos/{owner}/{repo}: a "Full Repository", with the merge settings and network counters. */
export function fullRepository(urls: Urls, r: RepoIdentity, viewerIsOwner: boolean) {
  return {
    ...repository(urls, r, viewerIsOwner),
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    use_squash_pr_title_as_default: false,
    squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
    squash_merge_commit_message: 'COMMIT_MESSAGES',
    merge_commit_title: 'MERGE_MESSAGE',
    merge_commit_message: 'PR_TITLE',
    subscribers_count: 1,
    network_count: 0,
    ...(r.ownerType === 'Organization' ? { organization: simpleUser(urls, r.owner, r.ownerId, 'Organization') } : {}),
  };
}
