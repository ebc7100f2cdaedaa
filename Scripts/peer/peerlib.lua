return {
  name = "peer",
  version = "0.1.0",
  description = "Reusable analyses of coded peer-support interviews: techniques by role and sector, relational techniques, principles and fidelity, co-occurrence, quote sheets, role comparison",
  peerscript = "0.1.0",
  dependencies = {},
}
