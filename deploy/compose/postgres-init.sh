#!/usr/bin/env bash
# One PostgreSQL role and one database per service, as on a single-machine install. Each role owns its database,
# so that the service's Flyway can create its tables there, and may do nothing else: it is no superuser, may not
# create databases or roles, and cannot even connect to another service's database, because PUBLIC loses its
# default rights on every one of them. A service that is broken into reaches its own tables and no others.
#
# The postgres image runs this once, when it initialises an empty data volume (docker-compose.yml). For another
# PostgreSQL (Kubernetes, docs/deployment.md), run it by hand as a superuser: PGHOST, PGPORT and PGPASSWORD
# point psql at the server, POSTGRES_USER names the superuser (default postgres).
# Each role's password comes from the environment, TRIBUTARY_<SERVICE>_DB_PASSWORD (TRIBUTARY_API_GATEWAY_DB_PASSWORD
# and so on), and reaches psql through \getenv, so it is neither in this file nor on a command line.
# TRIBUTARY_DB_PREFIX (default tributary_) is the prefix of the roles' and databases' names, as for ./tributary.

# The body runs in a subshell: the image sources an init script that is not executable (a checkout without file
# modes), and neither these shell options nor an exit may leak into its entrypoint.
create_roles_and_databases() (
  set -euo pipefail
  prefix="${TRIBUTARY_DB_PREFIX:-tributary_}"
  for service in api_gateway validation_worker bootstrap_worker status_service; do
    password_variable="TRIBUTARY_${service^^}_DB_PASSWORD"
    if [ -z "${!password_variable:-}" ]; then
      echo "postgres-init: set $password_variable, the password of the role $prefix$service" >&2
      exit 1
    fi
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
      -v name="$prefix$service" -v password_variable="$password_variable" <<'SQL'
\getenv password :password_variable
CREATE ROLE :"name" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
-- PUBLIC may connect to (and make temporary tables in) every new database; only the owner may here
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  done
)

create_roles_and_databases
