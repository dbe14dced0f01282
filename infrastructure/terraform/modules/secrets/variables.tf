variable "name" {
  description = "Prefix of the secret names, e.g. agentry/production."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
