# ElastiCache for Redis OSS: TLS in transit, encryption at rest, an AUTH token, Multi-AZ with failover, daily
# snapshots, and noeviction as in the self-hosted Redis (a full Redis refuses writes instead of dropping
# sessions or budget counters). The connection string the agent reads as ConnectionStrings__Redis is put in
# Secrets Manager.
resource "random_password" "auth" {
  length  = 64
  special = false
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_elasticache_parameter_group" "this" {
  name   = "${var.name}-redis7"
  family = "redis7"
  tags   = var.tags

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis of ${var.name}: TLS on 6379 from the cluster only."
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each                     = toset(var.client_security_group_ids)
  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "Redis from the agent's nodes"
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Sessions, budgets, rate limits and response cache of ${var.name}"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  num_cache_clusters   = var.replicas
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.this.name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [aws_security_group.this.id]

  automatic_failover_enabled = true
  multi_az_enabled           = true

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "03:00-04:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  tags = var.tags
}

resource "aws_secretsmanager_secret" "connection" {
  name        = "${var.name}/redis-connection-string"
  description = "StackExchange.Redis connection string of ${var.name} (ConnectionStrings__Redis)."
  kms_key_id  = var.kms_key_arn
  tags        = var.tags
}

resource "aws_secretsmanager_secret_version" "connection" {
  secret_id     = aws_secretsmanager_secret.connection.id
  secret_string = "${aws_elasticache_replication_group.this.primary_endpoint_address}:6379,ssl=true,password=${random_password.auth.result},abortConnect=false"
}
