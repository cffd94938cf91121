#!/bin/bash
# First start: initialise PGDATA from POSTGRES_* settings (password from a file when given, as secrets are).
# Every start: run the server in the foreground as PID 1, listening on all addresses of the container.
set -euo pipefail

die() { printf 'intern-postgres: %s\n' "$*" >&2; exit 1; }

password() {
  if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
    [[ -r $POSTGRES_PASSWORD_FILE ]] || die "POSTGRES_PASSWORD_FILE=$POSTGRES_PASSWORD_FILE is not readable"
    # A trailing newline of the file is not part of the password.
    printf '%s' "$(<"$POSTGRES_PASSWORD_FILE")"
  elif [[ -n ${POSTGRES_PASSWORD:-} ]]; then
    printf '%s' "$POSTGRES_PASSWORD"
  else
    die "set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE: the database is reachable over the network"
  fi
}

initialise() {
  local user=${POSTGRES_USER:-postgres} db=${POSTGRES_DB:-${POSTGRES_USER:-postgres}} pwfile
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' RETURN
  password >"$pwfile"
  [[ -s $pwfile ]] || die "the password is empty"
  initdb --username="$user" --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  {
    echo "listen_addresses = '*'"
    echo "unix_socket_directories = '/var/run/postgresql'"
  } >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [[ $db != postgres ]]; then
    # Single-user mode: nothing listens while the database is created.
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "intern-postgres: initialised $PGDATA (user $user, database $db)"
}

if [[ ! -s $PGDATA/PG_VERSION ]]; then initialise; fi
exec postgres -D "$PGDATA"
