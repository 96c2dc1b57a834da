-- Run once by the postgres image on an empty volume: the Prefect server gets a database of its
-- own beside the ledger's (POSTGRES_DB), so neither schema can step on the other.
CREATE DATABASE prefect OWNER claimledger;
