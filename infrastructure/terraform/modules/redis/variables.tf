variable "name" {
  description = "Replication group id and prefix of the other names, e.g. agentry-production."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets in at least two zones (Multi-AZ)."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect on the Redis port (the EKS nodes')."
  type        = list(string)
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Cache node type; keep its memory well above what sessions, budgets and the response cache need."
  type        = string
  default     = "cache.r7g.large"
}

variable "replicas" {
  description = "Nodes in the group: one primary and replicas for automatic failover (at least 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.replicas >= 2
    error_message = "Automatic failover needs at least two nodes."
  }
}

variable "snapshot_retention_days" {
  description = "Daily snapshots ElastiCache keeps (the managed counterpart of the backup scripts)."
  type        = number
  default     = 7
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest and for the connection secret."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
