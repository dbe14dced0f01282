variable "name" {
  description = "Prefix of every resource name, e.g. agentry-production."
  type        = string
}

variable "cidr_block" {
  description = "Address range of the VPC; a /16 leaves room for three public and three private /20 subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "Zones to spread the subnets over (the agent's topology spread and ElastiCache's Multi-AZ need at least two)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "Give at least two availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage)."
  type        = bool
  default     = false
}

variable "cluster_name" {
  description = "EKS cluster name, tagged on the subnets so its load balancers find them."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
