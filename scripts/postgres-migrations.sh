#!/usr/bin/env bash
# Regenerates PostgreSQL's migration set as one Initial migration from the current model, which is
# right while no PostgreSQL database has been deployed: after that, add migrations one by one:
#   cd App && dotnet ef migrations add <Name> --output-dir Data/Migrations/Postgres \
#       --namespace App.Data.Migrations.Postgres -- --provider postgres
set -euo pipefail
cd "$(dirname "$0")/../App"
dotnet tool restore >/dev/null
sqlite_snapshot=Data/Migrations/Sqlite/PortalDbContextModelSnapshot.cs
kept=$(mktemp)
cp "$sqlite_snapshot" "$kept"
rm -rf Data/Migrations/Postgres
dotnet ef migrations add Initial --configuration Release \
  --output-dir Data/Migrations/Postgres --namespace App.Data.Migrations.Postgres -- --provider postgres
# With no PostgreSQL snapshot yet, dotnet ef names the new one after the context and writes it over
# the file of that name it finds, SQLite's: move it to a name of its own and put SQLite's back.
mv "$sqlite_snapshot" Data/Migrations/Postgres/PostgresModelSnapshot.cs
sed -i 's/partial class PortalDbContextModelSnapshot/partial class PostgresModelSnapshot/' Data/Migrations/Postgres/PostgresModelSnapshot.cs
cp "$kept" "$sqlite_snapshot"
rm "$kept"
dotnet ef migrations has-pending-model-changes --configuration Release
dotnet ef migrations has-pending-model-changes --configuration Release --no-build -- --provider postgres
