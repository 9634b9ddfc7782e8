-- One database per service, as on a single-machine install; each service's Flyway creates its tables.
CREATE DATABASE tributary_api_gateway;
CREATE DATABASE tributary_validation_worker;
CREATE DATABASE tributary_bootstrap_worker;
CREATE DATABASE tributary_status_service;
