from complaintctl.launcher import main

main()
