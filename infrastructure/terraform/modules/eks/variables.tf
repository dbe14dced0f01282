variable "cluster_name" {
  description = "Name of the EKS cluster."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version; the manifests need 1.30 or later (the agent's preStop sleep action)."
  type        = string
  default     = "1.31"
}

variable "vpc_id" {
  description = "VPC the cluster runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane's network interfaces and the nodes."
  type        = list(string)
}

variable "public_access_cidrs" {
  description = "Addresses that may reach the public API endpoint; empty turns the public endpoint off."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "node_min_size" {
  description = "Fewest nodes (at least one per zone keeps the agent's zone spread possible)."
  type        = number
  default     = 3
}

variable "node_max_size" {
  description = "Most nodes the group may grow to."
  type        = number
  default     = 10
}

variable "node_desired_size" {
  description = "Nodes at creation; the cluster autoscaler owns the number afterwards."
  type        = number
  default     = 3
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
