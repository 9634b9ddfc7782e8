-- https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_DATABASE.html (CREATE DATABASE ... FROM INTEGRATION)
-- no options: Redshift's defaults
CREATE DATABASE "sales_zeroetl" FROM INTEGRATION 'a1b2c3d4-5678-90ab-cdef-example11111';
-- a PostgreSQL source: its database as a string literal, kept as written
CREATE DATABASE "sales_zeroetl" FROM INTEGRATION 'a1b2c3d4-5678-90ab-cdef-example11111' DATABASE 'Sales';
-- every option, after one SET, separated by spaces, in the grammar's order
CREATE DATABASE "sales_zeroetl" FROM INTEGRATION 'a1b2c3d4-5678-90ab-cdef-example11111' DATABASE 'sales' SET ACCEPTINVCHARS = TRUE REFRESH_INTERVAL 432000 TRUNCATECOLUMNS = FALSE HISTORY_MODE = TRUE;
-- one option
CREATE DATABASE "sales_zeroetl" FROM INTEGRATION 'a1b2c3d4-5678-90ab-cdef-example11111' SET REFRESH_INTERVAL 0;
-- the retry's check: is it there already (the catalog's folded name)
SELECT 1 FROM pg_database WHERE datname = 'sales_zeroetl';
