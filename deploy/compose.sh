# Sourced by ./intern: the compose stack (docker-compose.yml), its images and the round trip that `./intern test` runs
# through it. Uses the helpers of ./intern (step, die, apt_install, context_hash) and its ROOT.
# shellcheck shell=bash

# The production-like stack (docker-compose.yml). Debian's docker-compose 1.29 is the client it is written for.
ensure_compose() {
  if ! command -v docker-compose >/dev/null; then apt_install docker-compose; fi
}

# Everything under server/, web/ and graders/ that ends up in the platform image; a new stamp means a new publish.
platform_sources_changed() {
  local stamp=$1
  [[ -f $stamp ]] || return 0
  [[ -n $(find "$ROOT"/graders/Intern.* "$ROOT"/server "$ROOT"/web "$ROOT"/Directory.*.props "$ROOT"/BannedSymbols.txt \
    "$ROOT"/global.json "$ROOT"/nuget.config "$ROOT"/.editorconfig \
    \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit 2>/dev/null) ]]
}

# intern/platform:latest from deploy/docker/platform: a self-contained publish of the server and the CLI (published on
# this machine, so that the image build needs no SDK) with the task packages. Rebuilt only when its context changed.
ensure_platform_image() {
  local context="$ROOT/.build/platform" stamp="$ROOT/.build/platform/.published" hash built tag=intern/platform:latest
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not installed"
  mkdir -p "$context"
  if platform_sources_changed "$stamp"; then
    step "publishing the server and the CLI (self-contained, linux-x64)"
    rm -rf "$context/app"
    local project
    for project in server/Intern.Server/Intern.Server.csproj graders/Intern.Cli/Intern.Cli.csproj; do
      dotnet publish "$ROOT/$project" -c Release -r linux-x64 --self-contained -o "$context/app" --nologo -v q \
        -p:DebugType=none >&2 || die "publishing $project failed"
    done
    touch "$stamp"
  fi
  rm -rf "$context/tasks"
  cp -a "$ROOT/tasks" "$context/tasks"
  cp "$ROOT/deploy/docker/platform/Dockerfile" "$context/Dockerfile"
  hash=$(context_hash "$context")
  built=$(docker image inspect --format '{{ index .Config.Labels "intern.content-hash" }}' "$tag" 2>/dev/null || true)
  if [[ $built == "$hash" ]]; then return; fi
  step "building $tag"
  docker build --network host --label "intern.content-hash=$hash" -t "$tag" "$context" >&2 || die "building $tag failed"
  docker image prune -f --filter label=intern.content-hash >/dev/null
}

# POSTGRES_IMAGE (postgres:16) when a registry serves it, else PostgreSQL built here from Debian's package.
ensure_postgres_image() {
  local wanted=${POSTGRES_IMAGE:-postgres:16} fallback=intern/postgres:15 dir="$ROOT/deploy/docker/postgres" hash built
  if docker image inspect "$wanted" >/dev/null 2>&1; then export POSTGRES_IMAGE=$wanted; return; fi
  if [[ $wanted != "$fallback" ]]; then
    step "pulling $wanted"
    if timeout 30 docker pull "$wanted" >&2; then export POSTGRES_IMAGE=$wanted; return; fi
    step "no registry serves $wanted: using $fallback, built from Debian's postgresql package"
  fi
  hash=$(context_hash "$dir")
  built=$(docker image inspect --format '{{ index .Config.Labels "intern.content-hash" }}' "$fallback" 2>/dev/null || true)
  if [[ $built != "$hash" ]]; then
    step "building $fallback"
    docker build --network host --label "intern.content-hash=$hash" -t "$fallback" "$dir" >&2 || die "building $fallback failed"
  fi
  export POSTGRES_IMAGE=$fallback
}

# The stack's secrets as files, made once: compose mounts them read-only under /run/secrets. The folder keeps them from
# other users of this machine; the files themselves must be readable by the containers' own users (postgres, intern).
ensure_compose_secrets() {
  local dir=$1 name
  mkdir -p -m 700 "$dir"
  chmod 700 "$dir"
  for name in postgres-password grading-secret; do
    if [[ ! -s $dir/$name ]]; then head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/$name"; fi
    chmod 644 "$dir/$name"
  done
}

# What the compose file reads from the environment, for this machine (anything already set wins).
compose_env() {
  export INTERN_SECRETS="${INTERN_SECRETS:-$ROOT/data/secrets}"
  export DOCKER_GID="${DOCKER_GID:-$(stat -c %g /var/run/docker.sock)}"
}

run_compose() {
  local arg verb=""
  prepare_machine
  ensure_compose
  compose_env
  # The first word that is a compose command (options such as -p NAME come before it).
  for arg in "$@"; do
    case $arg in
      up | build | create | run | start | restart) verb=$arg; break ;;
      down | ps | logs | stop | rm | exec | top | config | port | pull | kill | pause | unpause | scale | images | events) break ;;
    esac
  done
  if [[ -n $verb ]]; then
    ensure_platform_image
    ensure_postgres_image
    ensure_compose_secrets "$INTERN_SECRETS"
  else
    export POSTGRES_IMAGE="${POSTGRES_IMAGE:-$(compose_postgres_image)}"
  fi
  # `build` only prepares the images: the compose file builds nothing itself.
  if [[ $verb == build ]]; then return; fi
  exec docker-compose --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" "$@"
}

# The image `up` chose before: postgres:16 where it exists, else the local fallback.
compose_postgres_image() {
  if docker image inspect postgres:16 >/dev/null 2>&1 || ! docker image inspect intern/postgres:15 >/dev/null 2>&1; then
    echo postgres:16
  else
    echo intern/postgres:15
  fi
}

# The compose stack end to end, as an operator would meet it: build the images, start the stack on a spare port,
# sign in through the API, grade a task's reference solution through a grader container, read /metrics, scale the
# graders to two, and tear everything down (volumes too) whatever happened. Every wait has a deadline.
ROUND_TRIP_PROJECT=intern_roundtrip
ROUND_TRIP_TASK=log-analysis

round_trip_compose() {
  docker-compose -p "$ROUND_TRIP_PROJECT" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" "$@"
}

# Prints a JSON field of stdin (a.b for nested fields); empty when it is missing.
json_field() {
  python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)' "$1"
}

# Signs in with email and password and prints a fresh personal access token (cookie session, CSRF header, POST /api/tokens).
round_trip_token() {
  local base=$1 email=$2 password=$3 jar csrf
  jar=$(mktemp)
  curl -fsS -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/auth/login" >/dev/null
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/api/auth/antiforgery" | json_field requestToken)
  curl -fsS -c "$jar" -b "$jar" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"compose round trip","days":1}' "$base/api/tokens/" | json_field token
  rm -f "$jar"
}

# Waits until every container of a service reports healthy; $3 is how many there must be.
round_trip_wait_healthy() {
  local service=$1 count=$2 seconds=$3 deadline=$((SECONDS + $3)) ids id healthy
  while true; do
    mapfile -t ids < <(round_trip_compose ps -q "$service")
    healthy=0
    for id in "${ids[@]}"; do
      if [[ $(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null) == healthy ]]; then healthy=$((healthy + 1)); fi
    done
    if ((${#ids[@]} == count && healthy == count)); then return 0; fi
    if ((SECONDS >= deadline)); then
      round_trip_compose ps >&2
      round_trip_compose logs --no-color --tail 40 "$service" >&2
      die "compose round trip: $healthy of $count $service container(s) healthy after ${seconds} s"
    fi
    sleep 2
  done
}

round_trip_steps() {
  local port=$1 secrets=$2 base started=$SECONDS log admin_password invitation applicant admin id status grader metrics body
  base="http://127.0.0.1:$port"
  # Loopback only: the test stack is nobody else's business.
  export INTERN_PORT=127.0.0.1:$port INTERN_SECRETS=$secrets INTERN_DEMO_ROUND=true INTERN_PUBLIC_URL=$base INTERN_METRICS_POLICY=admin
  step "compose round trip: starting postgres, migrate, server and one grader on port $port"
  round_trip_compose up -d >&2
  round_trip_wait_healthy server 1 180
  round_trip_wait_healthy grader 1 120
  step "compose round trip: stack healthy after $((SECONDS - started)) s"

  log=$(round_trip_compose logs --no-color migrate)
  admin_password=$(sed -n 's/.*Sign in as admin@localhost with password \([^ ]*\) .*/\1/p' <<<"$log" | head -n 1)
  invitation=$(sed -n 's|.*Applicant invitation (shown once): .*/invite/\([^ ]*\).*|\1|p' <<<"$log" | head -n 1)
  [[ -n $admin_password && -n $invitation ]] || die "compose round trip: migrate printed no admin password or invitation:"$'\n'"$log"
  step "compose round trip: accepting the demo round's invitation and signing in"
  curl -fsS -H 'Content-Type: application/json' \
    -d '{"email":"applicant@example.com","password":"a long enough password","displayName":"Round Trip"}' \
    "$base/api/invitations/$invitation/accept" >/dev/null
  applicant=$(round_trip_token "$base" applicant@example.com 'a long enough password')
  admin=$(round_trip_token "$base" admin@localhost "$admin_password")
  [[ $applicant == intern_pat_* && $admin == intern_pat_* ]] || die "compose round trip: no personal access tokens"

  step "compose round trip: uploading tasks/$ROUND_TRIP_TASK/solutions/reference"
  tar -C "$ROOT/tasks/$ROUND_TRIP_TASK/solutions/reference" --exclude expect.yaml -czf "$secrets/solution.tar.gz" .
  id=$(curl -fsS -H "Authorization: Bearer $applicant" -F "task=$ROUND_TRIP_TASK" -F "file=@$secrets/solution.tar.gz" \
    "$base/api/submissions/" | json_field id)
  [[ -n $id ]] || die "compose round trip: the upload was not accepted"
  grader=$(round_trip_compose ps -q grader | head -n 1)
  # log-analysis generates its 300 MB case and copies it into three sandboxes: minutes, not seconds.
  local deadline=$((SECONDS + 600)) seen_running=0
  while true; do
    body=$(curl -fsS -H "Authorization: Bearer $applicant" "$base/api/submissions/$id")
    status=$(json_field status <<<"$body")
    if [[ $status == grading && $seen_running == 0 ]]; then
      # During the grading: the server's queue depth counts it as running.
      metrics=$(curl -fsS -H "Authorization: Bearer $admin" "$base/metrics")
      step "compose round trip: during the grading, $(grep -E '^intern_queue_depth\{.*state="(queued|running)"' <<<"$metrics" | sed 's/{.*state=/ /; s/}//' | tr '\n' ' ')"
      seen_running=1
    fi
    if [[ $status == graded || $status == platform_error ]]; then break; fi
    ((SECONDS < deadline)) || die "compose round trip: submission $id still $status after 600 s"
    sleep 1
  done
  [[ $status == graded ]] || die "compose round trip: submission $id ended as $status: $body"
  [[ $(json_field result.score <<<"$body") == "$(json_field result.maxScore <<<"$body")" ]] ||
    die "compose round trip: the reference solution did not get full marks: $body"
  step "compose round trip: graded in the grader container ($(json_field result.score <<<"$body")/$(json_field result.maxScore <<<"$body") visible), $((SECONDS - started)) s in"

  # /metrics is the admin's: the server refuses an anonymous scrape; the grader's port shows the phases.
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/metrics") == 401 ]] || die "compose round trip: /metrics answered an anonymous scrape"
  metrics=$(curl -fsS -H "Authorization: Bearer $admin" "$base/metrics")
  grep -q '^intern_queue_depth{.*state="succeeded"} 1' <<<"$metrics" || die "compose round trip: the server's /metrics shows no succeeded job:"$'\n'"$(grep intern_queue <<<"$metrics")"
  metrics=$(docker exec "$grader" curl -fsS -H "Authorization: Bearer $admin" http://127.0.0.1:8081/metrics)
  local name
  for name in 'intern_grading_phase_duration_seconds_count{.*phase="queued"}' 'intern_grading_phase_duration_seconds_count{.*phase="test"}' \
    'intern_gradings_total{.*outcome="graded"} 1' 'intern_sandbox_overhead_duration_seconds_count{.*step="start"}'; do
    grep -q "^$name" <<<"$metrics" || die "compose round trip: the grader's /metrics lacks $name:"$'\n'"$(grep '^intern_' <<<"$metrics")"
  done
  step "compose round trip: /metrics shows the queue (server) and the phases and sandbox overhead (grader):"
  grep -E '^intern_(grading_phase_duration_seconds_(count|sum)|gradings_total|sandbox_overhead_duration_seconds_(count|sum)|queue_depth)\{' <<<"$metrics" |
    sed 's/otel_scope_name="[^"]*",\{0,1\}//; s/^/      /' >&2

  step "compose round trip: scaling the graders to two"
  round_trip_compose up -d --no-deps --scale grader=2 grader >&2
  round_trip_wait_healthy grader 2 120
  step "compose round trip: passed in $((SECONDS - started)) s"
}

# Runs the round trip and always tears the stack down with its volumes; 0 when it passed.
compose_round_trip() {
  local port=${INTERN_ROUND_TRIP_PORT:-18089} secrets rc=0
  ensure_compose
  if ! command -v curl >/dev/null; then apt_install curl; fi
  compose_env
  ensure_platform_image
  ensure_postgres_image
  secrets=$(mktemp -d /tmp/intern-round-trip.XXXXXX)
  ensure_compose_secrets "$secrets"
  step "checking docker-compose.yml and deploy/kubernetes/*.yaml"
  INTERN_SECRETS=$secrets round_trip_compose config -q || rc=1
  python3 "$ROOT/deploy/kubernetes/check.py" || rc=1
  # A run killed halfway leaves its project behind: start from nothing. Ctrl-C or a CI timeout still tears down.
  INTERN_SECRETS=$secrets round_trip_compose down -v --remove-orphans >/dev/null 2>&1 || true
  trap 'step "compose round trip: interrupted, tearing down"; INTERN_SECRETS='"$secrets"' round_trip_compose down -v --remove-orphans >&2; exit 130' INT TERM
  # A process of its own, so that its set -e holds: a failed request ends the steps at once. (In a subshell, the
  # caller's `compose_round_trip || rc=$?` would switch errexit off for every command inside.)
  local steps_rc=0
  bash -c 'set -euo pipefail; source "$1"; shift; round_trip_steps "$@"' intern-round-trip "$ROOT/intern" "$port" "$secrets" || steps_rc=$?
  if ((steps_rc != 0)); then
    rc=$steps_rc
    step "compose round trip FAILED: the last lines of every service follow"
    INTERN_SECRETS=$secrets round_trip_compose logs --no-color --tail 30 >&2 || true
  fi
  step "compose round trip: tearing down (down -v)"
  INTERN_SECRETS=$secrets round_trip_compose down -v --remove-orphans >&2 || true
  trap - INT TERM
  rm -rf "$secrets"
  return $rc
}
