variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "Zones of the region to use (three: the agent spreads over zones, Redis fails over between them)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "name" {
  description = "Name of this environment's resources."
  type        = string
  default     = "agentry-production"
}

variable "api_public_access_cidrs" {
  description = "Addresses allowed to reach the Kubernetes API endpoint (your office or VPN); empty keeps it private."
  type        = list(string)
  default     = []
}

variable "namespace" {
  description = "Kubernetes namespace of the agent (the production overlay's)."
  type        = string
  default     = "production-agents"
}
