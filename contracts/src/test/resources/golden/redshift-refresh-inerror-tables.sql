-- https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DATABASE.html (ALTER DATABASE ... INTEGRATION REFRESH)
ALTER DATABASE "sales_zeroetl" INTEGRATION REFRESH INERROR TABLES;
