// Placeholder until the SDK build lands (issue 5).
export default [];
